import { InvalidOptionError } from '../errors';
import { dispatch } from '../flow/dispatch';
import type { Outcome } from '../flow/Outcome';
import { toLogin } from '../flow/outcomes';
import type { RecentCodeRule } from '../flow/startStepUp';
import { Verification, type FlowRequest } from '../flow/Verification';
import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import { pipelineMiddleware } from '../http/pipeline';
import { SITE_PATH } from '../http/safePath';
import type { Middleware } from '../http/types';
import { PendingVerification } from '../session/PendingVerification';
import { isSignedIn, type SignedInRequest } from '../session/signedIn';
import { identifyUser } from '../session/userId';
import type { Settings } from '../config/resolveSettings';

/** Options of `strategy.changeMobile(options)`. */
export interface ChangeMobileOptions {
  /** Where the user goes once the new number is verified and saved, such as `'/account'`. Required. */
  successRedirect: string;
  /**
   * How recent the session's last code must be for a new number to be taken, in seconds. Integer
   * from 30 to 86400; 5 minutes by default. An older one (or a sign-in through a remembered device)
   * first sends the user through the code prompt, to their number on file, and back. A change started
   * with a recent code goes on to its end.
   * @defaultValue `300`
   */
  maxAgeSeconds?: number;
  /**
   * The code prompt's route (where `passport.authenticate` of this strategy is mounted), for that step-up.
   * @defaultValue `'/login/sms'`
   */
  redirectTo?: string;
}

const CHANGE_MOBILE_OPTIONS = optionNames<ChangeMobileOptions>({ successRedirect: true, maxAgeSeconds: true, redirectTo: true });

const CHANGE_PAGE = { name: 'changeMobile()', readsForm: true };

/**
 * The middleware of a "change mobile number" page for signed-in users: the number form, then the
 * code sent to the NEW number, which the app saves once it comes back (the old number is told).
 * A new number is taken only after a recent code (a step-up first, otherwise). The user stays signed
 * in throughout; a wrong code changes nothing.
 *
 * @throws {InvalidOptionError} without `enrollment`, or when an option is missing or out of range.
 */
export function changeMobile(settings: Settings, options: ChangeMobileOptions): Middleware {
  if (!settings.enrollment) throw new InvalidOptionError('enrollment', 'set (with saveMobile) to use changeMobile()');
  const given = required.options<ChangeMobileOptions>('changeMobile', options, CHANGE_MOBILE_OPTIONS, 'an object { successRedirect, maxAgeSeconds?, redirectTo? }');
  const successRedirect = required.pattern('changeMobile.successRedirect', given.successRedirect, SITE_PATH, 'a path of this site, such as "/account"');
  const recentCode: RecentCodeRule = {
    maxAgeMs: optional.integer('changeMobile.maxAgeSeconds', given.maxAgeSeconds, ...RANGES.changeMobile.maxAgeSeconds, DEFAULTS.changeMobile.maxAgeSeconds) * 1000,
    redirectTo: optional.string('changeMobile.redirectTo', given.redirectTo, DEFAULTS.changeMobile.redirectTo),
  };
  return pipelineMiddleware(settings, CHANGE_PAGE, (req, fields) => changePage(req, settings, fields, successRedirect, recentCode));
}

/** The signed-in user's change of number under way, or a draft of one (written to the session by its first change). */
async function changePage(req: FlowRequest & SignedInRequest, settings: Settings, fields: Readonly<Record<string, unknown>>, successRedirect: string, recentCode: RecentCodeRule): Promise<Outcome> {
  if (!isSignedIn(req)) return toLogin(settings);
  const user = await identifyUser(settings, req.user, req);
  const verification =
    Verification.openFor(req, settings, ['change_mobile'], user.userKey) ??
    Verification.of(req, settings, PendingVerification.draft(req.session, settings.name, 'change_mobile', user, settings.clock(), successRedirect));
  return dispatch(verification, fields, recentCode);
}
