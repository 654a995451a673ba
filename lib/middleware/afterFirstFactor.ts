import { signInWithTrustedDevice } from '../device/trustedDevice';
import { SmsOtpError } from '../errors';
import type { Middleware, ResponseLike } from '../http/types';
import { optionNames, optional, required } from '../config/validate';
import { SITE_PATH } from '../http/safePath';
import { seeOther } from '../http/seeOther';
import { PendingSignIn } from '../session/PendingSignIn';
import type { LogInRequest } from '../session/recentVerification';
import { serializeUser, userKeyOf } from '../session/userKey';
import type { Settings } from '../config/resolveSettings';

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

const AFTER_FIRST_FACTOR_OPTIONS = optionNames<AfterFirstFactorOptions>({ redirectTo: true, successRedirect: true });

/**
 * The middleware after the first factor: it parks `req.user` in a new session as a pending
 * sign-in (not signed in) and sends the browser to the code prompt with a 303; or, when the
 * browser is a device this user remembered, signs them in and sends them to `successRedirect`.
 *
 * @throws {InvalidOptionError} without `redirectTo`, or without `successRedirect` when `rememberDevice` is on.
 */
export function afterFirstFactor(settings: Settings, options: AfterFirstFactorOptions): Middleware {
  const given = required.options<AfterFirstFactorOptions>('afterFirstFactor', options, AFTER_FIRST_FACTOR_OPTIONS, 'an object { redirectTo, successRedirect? }');
  const redirectTo = required.string('afterFirstFactor.redirectTo', given.redirectTo, 'the URL of the code prompt, such as "/login/sms"');
  const successPath = 'a path of this site, such as "/account" (required with rememberDevice)';
  const successRedirect = settings.rememberDevice
    ? required.pattern('afterFirstFactor.successRedirect', given.successRedirect, SITE_PATH, successPath)
    : optional.pattern('afterFirstFactor.successRedirect', given.successRedirect, SITE_PATH, successPath, '/');
  return (req, res, next) => {
    parkFirstFactor(settings, req as LogInRequest, res, redirectTo, successRedirect).then(undefined, next);
  };
}

async function parkFirstFactor(settings: Settings, req: LogInRequest, res: ResponseLike, redirectTo: string, successRedirect: string): Promise<void> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before afterFirstFactor().');
  const user = req.user;
  if (user === undefined || user === null || user === false) return seeOther(res, settings.loginUrl);

  const serialized = await serializeUser(settings, user, req);
  if (await signInWithTrustedDevice(settings, req, res, user, userKeyOf(serialized))) return seeOther(res, successRedirect);
  await PendingSignIn.startSignIn(req, settings.name, serialized, settings.clock());
  // The first factor alone signs nobody in, not even for the rest of this request.
  req.user = undefined;
  seeOther(res, redirectTo);
}
