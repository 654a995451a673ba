import { signInWithTrustedDevice } from '../device/trustedDevice';
import type { Outcome } from '../flow/Outcome';
import { redirectTo as redirectOutcome, toLogin } from '../flow/outcomes';
import type { FlowRequest } from '../flow/Verification';
import { pipelineMiddleware } from '../http/pipeline';
import type { Middleware } from '../http/types';
import { optionNames, optional, required } from '../config/validate';
import { SITE_PATH } from '../http/safePath';
import { PendingVerification } from '../session/PendingVerification';
import type { LogInRequest } from '../session/recentVerification';
import { identifyUser } from '../session/userId';
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
  return pipelineMiddleware(settings, FIRST_FACTOR, (req) => parkFirstFactor(settings, req as FlowRequest & LogInRequest, redirectTo, successRedirect));
}

/** After the app's first factor, whose form is the app's. */
const FIRST_FACTOR = { name: 'afterFirstFactor()', readsForm: false };

async function parkFirstFactor(settings: Settings, req: FlowRequest & LogInRequest, redirectTo: string, successRedirect: string): Promise<Outcome> {
  const user = req.user;
  if (user === undefined || user === null || user === false) return toLogin(settings);

  const identified = await identifyUser(settings, user, req);
  const trusted = req.res && (await signInWithTrustedDevice(settings, req, req.res, { user, userKey: identified.userKey }, successRedirect));
  if (trusted) return trusted;
  await PendingVerification.startSignIn(req, settings.name, identified, settings.clock());
  // The first factor alone signs nobody in, not even for the rest of this request.
  req.user = undefined;
  return redirectOutcome(redirectTo);
}
