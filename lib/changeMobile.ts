import { InvalidOptionError, OtpStoreUnavailableError, SmsOtpError } from './errors';
import { unavailablePage } from './flow/commonOutcomes';
import { dispatch } from './flow/dispatch';
import { enrollPage } from './flow/enrollPage';
import type { Outcome } from './flow/Outcome';
import { pathOf } from './flow/pathOf';
import { SignIn } from './flow/SignIn';
import { submitMobile } from './flow/submitMobile';
import type { Middleware, RequestLike, ResponseLike, SessionLike } from './http';
import { nodeCallback } from './nodeCallback';
import { readBody } from './readBody';
import { sendPage } from './sendPage';
import { PendingSignIn } from './session/PendingSignIn';
import type { Settings } from './settings';

/** Options of `strategy.changeMobile(options)`. */
export interface ChangeMobileOptions {
  /** Where the user goes once the new number is verified and saved, such as `'/account'`. Required. */
  successRedirect: string;
}

/** A signed-in request: Passport's `req.login` and `req.isAuthenticated`, which `passport.session()` provides. */
interface SignedInRequest extends RequestLike {
  session: SessionLike;
  isAuthenticated?(): boolean;
  login?(user: unknown, done: (err?: unknown) => void): void;
}

/**
 * The middleware of a "change mobile number" page for signed-in users: the number form, then the
 * code sent to the NEW number, which the app saves once it comes back (the old number is told).
 * The user stays signed in throughout; a wrong code changes nothing.
 */
export function changeMobile(settings: Settings, options: ChangeMobileOptions): Middleware {
  if (!settings.enrollment) throw new InvalidOptionError('enrollment', 'set (with saveMobile) to use changeMobile()');
  const successRedirect = options?.successRedirect;
  if (typeof successRedirect !== 'string' || !successRedirect.startsWith('/')) {
    throw new InvalidOptionError('changeMobile.successRedirect', 'a path of this site, such as "/account"');
  }
  return (incoming, res, next) => {
    const req = incoming as SignedInRequest;
    handleChange(req, settings)
      .catch((err: unknown) => {
        if (err instanceof OtpStoreUnavailableError) return unavailablePage(req, settings);
        throw err;
      })
      .then((outcome) => applyOutcome(req, res, settings, outcome, successRedirect))
      .then(undefined, next);
  };
}

async function handleChange(req: SignedInRequest, settings: Settings): Promise<Outcome> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before changeMobile().');
  const user = req.user;
  const signedIn = typeof req.isAuthenticated === 'function' ? req.isAuthenticated() : user !== undefined && user !== null && user !== false;
  if (!signedIn) return { kind: 'redirect', url: settings.loginUrl, status: 303 };
  const body = readBody(req);
  if (body === 'unsupported') return { kind: 'fail', message: settings.messages.text('unsupportedForm'), status: 415 };

  const serialized = await nodeCallback<unknown>((done) => settings.serializer.serializeUser(user, req, done));
  let signIn = SignIn.open(req, settings, 'change_mobile');
  // A change started by whoever was signed in before in this browser is not this user's.
  if (signIn && JSON.stringify(signIn.pending.user) !== JSON.stringify(serialized)) {
    signIn.endInSession();
    signIn = undefined;
  }
  if (!signIn) {
    if (body && Object.hasOwn(body, settings.fields.mobile)) {
      const pending = PendingSignIn.startFor(req.session, settings.name, 'change_mobile', serialized, settings.clock());
      return submitMobile(SignIn.of(req, settings, pending), body[settings.fields.mobile]);
    }
    if (req.method === 'POST') return { kind: 'redirect', url: pathOf(req, settings.loginUrl), status: 303 };
    return enrollPage(req, settings, { purpose: 'change_mobile', status: 200 });
  }
  return dispatch(signIn, body);
}

/** Carries out an outcome: failures come back to the page with their message (Post/Redirect/Get). */
async function applyOutcome(req: SignedInRequest, res: ResponseLike, settings: Settings, outcome: Outcome, successRedirect: string): Promise<void> {
  switch (outcome.kind) {
    case 'success': {
      const login = req.login;
      if (typeof login !== 'function') throw new SmsOtpError('changeMobile() needs Passport: add passport.session() before it.');
      // Logging in again rotates the session id, and the user stays signed in.
      await nodeCallback((done) => login.call(req, outcome.user, done));
      return redirect(res, successRedirect);
    }
    case 'fail':
      req.session.messages = [...(req.session.messages ?? []), outcome.message];
      return redirect(res, pathOf(req, successRedirect));
    case 'redirect':
      return redirect(res, outcome.url);
    case 'page':
      return sendPage(res, settings, outcome.view);
  }
}

function redirect(res: ResponseLike, url: string): void {
  res.statusCode = 303;
  res.setHeader('Location', url);
  res.end();
}
