import { signInWithTrustedDevice } from '../device/trustedDevice';
import type { Outcome } from '../flow/Outcome';
import { redirectTo as redirectOutcome, toLogin } from '../flow/outcomes';
import type { FlowRequest } from '../flow/Verification';
import { logOnce } from '../http/logOnce';
import { pipelineMiddleware } from '../http/pipeline';
import { requestPathname } from '../http/requestPath';
import type { Middleware } from '../http/types';
import { optionNames, optional, required } from '../config/validate';
import { SITE_PATH } from '../http/safePath';
import { PendingVerification } from '../session/PendingVerification';
import type { LogInRequest } from '../session/recentVerification';
import { isUser } from '../session/signedIn';
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
 * A request without `req.user` goes to `loginUrl` with a 303, and the middleware says why in the
 * log, once per mounted middleware (a line per request would flood the log): at `warn` when only a
 * set-up mistake explains it, and at `info` when a visitor may simply not be signed in:
 * - `warn` for a POST: a first factor that refuses answers itself (passport's `failureRedirect`,
 *   or a 401), so a post reaches this middleware without a user only when nothing before it sets
 *   one, such as a missing `passport.authenticate('local', { session: false })`;
 * - `warn` when Passport never touched the request (no `req.logIn`: neither `passport.authenticate()`
 *   nor `passport.session()` or `passport.initialize()` ran before it);
 * - `info` for a GET or HEAD with Passport there: a page that follows a first factor kept in the
 *   session (a sign-in through `passport.session()`, then a GET here) is reached, normally, by
 *   visitors who are not signed in.
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
  // This mount's own, so that each mounted middleware says its mistakes once.
  const mount: Mount = { redirectTo, successRedirect };
  return pipelineMiddleware(settings, FIRST_FACTOR, (req) => parkFirstFactor(settings, req as FlowRequest & LogInRequest, mount));
}

/** Where one mounted `afterFirstFactor()` sends the browser. */
interface Mount {
  readonly redirectTo: string;
  readonly successRedirect: string;
}

/** After the app's first factor, whose form is the app's. */
const FIRST_FACTOR = { name: 'afterFirstFactor()', readsForm: false };

async function parkFirstFactor(settings: Settings, req: FlowRequest & LogInRequest, mount: Mount): Promise<Outcome> {
  const user = req.user;
  if (!isUser(user)) {
    explainMissingUser(settings, req, mount);
    return toLogin(settings);
  }

  const identified = await identifyUser(settings, user, req);
  const trusted = req.res && (await signInWithTrustedDevice(settings, req, req.res, { user, userKey: identified.userKey }, mount.successRedirect));
  if (trusted) return trusted;
  await PendingVerification.startSignIn(req, settings.name, identified, settings.clock());
  // The first factor alone signs nobody in, not even for the rest of this request.
  req.user = undefined;
  return redirectOutcome(mount.redirectTo);
}

/** Says, once for `mount`, why a request without `req.user` goes to `loginUrl` (see `afterFirstFactor`). */
function explainMissingUser(settings: Settings, req: LogInRequest, mount: Mount): void {
  const fields = { strategy: settings.name, method: req.method, path: requestPathname(req), loginUrl: settings.loginUrl };
  const firstFactor = "put it after the first factor, such as passport.authenticate('local', { session: false }), which sets req.user or answers a refused sign-in itself";
  if (typeof req.logIn !== 'function') {
    return logOnce(mount, 'no_passport', () =>
      settings.logger.warn(fields, `${settings.name}: afterFirstFactor() got a request Passport never saw (no passport.authenticate() before it), so it sent it to ${settings.loginUrl}: ${firstFactor}.`),
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return logOnce(mount, 'posted_without_user', () =>
      settings.logger.warn(fields, `${settings.name}: afterFirstFactor() got a ${req.method} without req.user, so it sent it to ${settings.loginUrl}: ${firstFactor}.`),
    );
  }
  logOnce(mount, 'visitor_without_user', () =>
    settings.logger.info(fields, `${settings.name}: afterFirstFactor() sent a visitor without req.user to ${settings.loginUrl} (normal for a GET by someone not signed in; said once).`),
  );
}
