import { signInWithTrustedDevice } from './device/trustedDevice';
import { InvalidOptionError, SmsOtpError } from './errors';
import type { Middleware, ResponseLike } from './http';
import { nodeCallback } from './nodeCallback';
import { safePath } from './safePath';
import { seeOther } from './seeOther';
import { PendingSignIn } from './session/PendingSignIn';
import type { LogInRequest } from './session/recentVerification';
import { userKeyOf } from './session/userKey';
import type { Settings } from './settings';

/** Options of `strategy.afterFirstFactor(options)`. */
export interface AfterFirstFactorOptions {
  /** Where the code prompt is served, such as `'/login/sms'`. Required. */
  redirectTo: string;
  /**
   * Where a user goes when a remembered device completes the sign-in without a code, such as
   * `'/account'`. Required with the `rememberDevice` option; unused without it.
   */
  successRedirect?: string;
}

/**
 * The middleware after the first factor: it parks `req.user` in a new session as a pending
 * sign-in (not signed in) and sends the browser to the code prompt with a 303; or, when the
 * browser is a device this user remembered, signs them in and sends them to `successRedirect`.
 *
 * @throws {InvalidOptionError} without `redirectTo`, or without `successRedirect` when `rememberDevice` is on.
 */
export function afterFirstFactor(settings: Settings, options: AfterFirstFactorOptions): Middleware {
  const redirectTo = options?.redirectTo;
  if (typeof redirectTo !== 'string' || redirectTo === '') {
    throw new InvalidOptionError('afterFirstFactor.redirectTo', 'the URL of the code prompt, such as "/login/sms"');
  }
  const successRedirect = options.successRedirect;
  if (settings.rememberDevice && safePath(successRedirect, '') === '') {
    throw new InvalidOptionError('afterFirstFactor.successRedirect', 'a path of this site, such as "/account" (required with rememberDevice)');
  }
  return (req, res, next) => {
    parkFirstFactor(settings, req as LogInRequest, res, redirectTo, successRedirect ?? '/').then(undefined, next);
  };
}

async function parkFirstFactor(settings: Settings, req: LogInRequest, res: ResponseLike, redirectTo: string, successRedirect: string): Promise<void> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before afterFirstFactor().');
  const user = req.user;
  if (user === undefined || user === null || user === false) return seeOther(res, settings.loginUrl);

  const serialized = await nodeCallback<unknown>((done) => settings.serializer.serializeUser(user, req, done));
  if (await signInWithTrustedDevice(settings, req, res, user, userKeyOf(serialized))) return seeOther(res, successRedirect);
  await PendingSignIn.startSignIn(req, settings.name, serialized, settings.clock());
  // The first factor alone signs nobody in, not even for the rest of this request.
  req.user = undefined;
  seeOther(res, redirectTo);
}
