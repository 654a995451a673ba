import { InvalidOptionError, OtpStoreUnavailableError, SmsOtpError } from '../errors';
import { unavailablePage } from '../flow/commonOutcomes';
import { logStoreOutage } from '../events/logStoreOutage';
import { dispatch } from '../flow/dispatch';
import { enrollPage } from '../flow/enrollPage';
import type { Outcome } from '../flow/Outcome';
import { optionNames, required } from '../config/validate';
import { requestPath } from '../http/requestPath';
import { SITE_PATH } from '../http/safePath';
import { SignIn } from '../flow/SignIn';
import { submitMobile } from '../flow/submitMobile';
import type { Middleware, ResponseLike } from '../http/types';
import { readPostedForm } from '../http/readPostedForm';
import { sendPage } from '../http/sendPage';
import { PendingSignIn } from '../session/PendingSignIn';
import { logInAgainVerified } from '../session/recentVerification';
import { isSignedIn, serializeSignedInUser, type SignedInRequest } from '../session/signedIn';
import type { Settings } from '../config/resolveSettings';
import { seeOther } from '../http/seeOther';

/** Options of `strategy.changeMobile(options)`. */
export interface ChangeMobileOptions {
  /** Where the user goes once the new number is verified and saved, such as `'/account'`. Required. */
  successRedirect: string;
}

const CHANGE_MOBILE_OPTIONS = optionNames<ChangeMobileOptions>({ successRedirect: true });

/**
 * The middleware of a "change mobile number" page for signed-in users: the number form, then the
 * code sent to the NEW number, which the app saves once it comes back (the old number is told).
 * The user stays signed in throughout; a wrong code changes nothing.
 */
export function changeMobile(settings: Settings, options: ChangeMobileOptions): Middleware {
  if (!settings.enrollment) throw new InvalidOptionError('enrollment', 'set (with saveMobile) to use changeMobile()');
  const given = required.options<ChangeMobileOptions>('changeMobile', options, CHANGE_MOBILE_OPTIONS, 'an object { successRedirect }');
  const successRedirect = required.pattern('changeMobile.successRedirect', given.successRedirect, SITE_PATH, 'a path of this site, such as "/account"');
  return (incoming, res, next) => {
    const req = incoming as SignedInRequest;
    handleChange(req, settings)
      .catch((err: unknown) => {
        if (!(err instanceof OtpStoreUnavailableError)) throw err;
        logStoreOutage(settings.logger, err);
        return unavailablePage(req, settings);
      })
      .then((outcome) => applyOutcome(req, res, settings, outcome, successRedirect))
      .then(undefined, next);
  };
}

async function handleChange(req: SignedInRequest, settings: Settings): Promise<Outcome> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before changeMobile().');
  if (!isSignedIn(req)) return { kind: 'redirect', url: settings.loginUrl, status: 303 };
  const posted = readPostedForm(req);
  if (!posted.readable) return { kind: 'fail', message: settings.locales.pick(req, req.user).messages.text('unsupportedForm'), status: posted.status };
  const body = posted.fields;

  const serialized = await serializeSignedInUser(req, settings);
  const signIn = SignIn.openFor(req, settings, 'change_mobile', serialized);
  if (!signIn) {
    if (Object.hasOwn(body, settings.fields.mobile)) {
      const pending = PendingSignIn.startFor(req.session, settings.name, 'change_mobile', serialized, settings.clock());
      const started = SignIn.of(req, settings, pending);
      await started.chooseLocale();
      return submitMobile(started, body[settings.fields.mobile]);
    }
    if (req.method === 'POST') return { kind: 'redirect', url: requestPath(req), status: 303 };
    return enrollPage(req, settings, { locale: settings.locales.pick(req, req.user), purpose: 'change_mobile', status: 200 });
  }
  return dispatch(signIn, body);
}

/** Carries out an outcome: failures come back to the page with their message (Post/Redirect/Get). */
async function applyOutcome(req: SignedInRequest, res: ResponseLike, settings: Settings, outcome: Outcome, successRedirect: string): Promise<void> {
  switch (outcome.kind) {
    case 'success':
      // Logging in again rotates the session id, and the user stays signed in.
      await logInAgainVerified(req, outcome.user, settings.name, outcome.verifiedAt);
      return seeOther(res, successRedirect);
    case 'fail':
      req.session.messages = [...(req.session.messages ?? []), outcome.message];
      return seeOther(res, requestPath(req));
    case 'redirect':
      return seeOther(res, outcome.url);
    case 'page':
      return sendPage(res, settings, outcome.view);
  }
}
