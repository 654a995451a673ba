import type { Settings } from '../config/resolveSettings';
import { SmsOtpError } from '../errors';
import type { Outcome } from '../flow/Outcome';
import { flash } from '../session/flash';
import { logInAgainVerified, markVerifiedOnRegenerate, type LogInRequest } from '../session/recentVerification';
import type { PassportActions } from './passportStrategy';
import { requestPath } from './requestPath';
import { safePath } from './safePath';
import { seeOther } from './seeOther';
import { sendJson, sendPage } from './sendPage';
import type { ResponseLike } from './types';

/** The one place an outcome becomes an answer: through Passport's actions (the strategy), or as a middleware's response. */
export type Responder = (outcome: Outcome) => Promise<void>;

/** Answers through Passport's actions, so `successRedirect`, `failureRedirect` and `failureMessage` work as with any strategy. */
export function passportResponder(actions: PassportActions, req: LogInRequest, settings: Settings): Responder {
  return async (outcome) => {
    switch (outcome.kind) {
      case 'signed_in':
        markVerifiedOnRegenerate(req, settings.name, outcome.verifiedAt, outcome.notices);
        return actions.success(outcome.user, outcome.info);
      case 'verified_again':
        await logInAgainVerified(req, outcome.user, settings.name, outcome.verifiedAt, outcome.notices);
        return actions.redirect(safePath(outcome.returnTo, '/'), 303);
      case 'fail':
        return actions.fail({ message: outcome.message }, outcome.status);
      case 'redirect':
        return actions.redirect(outcome.url, 303);
      case 'page':
        if (!req.res) return actions.error(new SmsOtpError('passport-sms-otp renders its prompt through req.res, which Express sets.'));
        return sendPage(req.res, settings, outcome.view);
      case 'json':
        if (!req.res) return actions.error(new SmsOtpError('passport-sms-otp answers its prompt through req.res, which Express sets.'));
        return sendJson(req.res, outcome.body);
      case 'next':
        return actions.pass();
    }
  };
}

/**
 * Answers as a middleware: a failure comes back to its page with the message (Post/Redirect/Get),
 * except an action the page does not offer, which is a 400 page showing it.
 */
export function middlewareResponder(req: LogInRequest, res: ResponseLike, next: (err?: unknown) => void, settings: Settings): Responder {
  return async (outcome) => {
    switch (outcome.kind) {
      case 'signed_in':
        throw new SmsOtpError('A middleware of passport-sms-otp verifies signed-in users only; signing in is the strategy\'s.');
      case 'verified_again':
        await logInAgainVerified(req, outcome.user, settings.name, outcome.verifiedAt, outcome.notices);
        return seeOther(res, safePath(outcome.returnTo, '/'));
      case 'fail':
        if (outcome.page) return sendPage(res, settings, (await outcome.page()).view);
        flash(req, outcome.message);
        return seeOther(res, requestPath(req));
      case 'redirect':
        return seeOther(res, outcome.url);
      case 'page':
        return sendPage(res, settings, outcome.view);
      case 'json':
        return sendJson(res, outcome.body);
      case 'next':
        return next();
    }
  };
}
