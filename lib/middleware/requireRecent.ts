import type { Settings } from '../config/resolveSettings';
import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import { toLogin } from '../flow/outcomes';
import { startStepUp, type RecentCodeRule } from '../flow/startStepUp';
import type { FlowRequest } from '../flow/Verification';
import { pipelineMiddleware } from '../http/pipeline';
import { requestPath } from '../http/requestPath';
import { SITE_PATH } from '../http/safePath';
import type { Middleware } from '../http/types';
import { hasRecentCode } from '../session/recentVerification';
import { isSignedIn, type SignedInRequest } from '../session/signedIn';
import { identifyUser } from '../session/userId';

/** Options of `strategy.requireRecent(options)`. */
export interface RequireRecentOptions {
  /**
   * How recent the session's last verification by code must be, in seconds. Integer from 30 to
   * 86400; 5 minutes by default. A sign-in through a remembered device is no verification.
   * @defaultValue `300`
   */
  maxAgeSeconds?: number;
  /**
   * The code prompt's route (where `passport.authenticate` of this strategy is mounted).
   * @defaultValue `'/login/sms'`
   */
  redirectTo?: string;
  /**
   * Where to return after the code for a request that is not a GET or HEAD (a form post cannot be
   * replayed). GET and HEAD requests return to their own path and query.
   * @defaultValue `'/'`
   */
  returnTo?: string;
}

const REQUIRE_RECENT_OPTIONS = optionNames<RequireRecentOptions>({ maxAgeSeconds: true, redirectTo: true, returnTo: true });

/**
 * Middleware that lets a request through only when the signed-in user verified a code recently;
 * otherwise it starts a step-up (the user stays signed in) and sends them to the code prompt,
 * which returns here once the code is right.
 *
 * @throws {InvalidOptionError} when an option is out of range.
 */
export function requireRecent(settings: Settings, options: RequireRecentOptions = {}): Middleware {
  const given = required.options<RequireRecentOptions>('requireRecent', options, REQUIRE_RECENT_OPTIONS, 'an object { maxAgeSeconds?, redirectTo?, returnTo? }');
  const maxAgeMs = optional.integer('requireRecent.maxAgeSeconds', given.maxAgeSeconds, ...RANGES.requireRecent.maxAgeSeconds, DEFAULTS.requireRecent.maxAgeSeconds) * 1000;
  const redirectTo = optional.string('requireRecent.redirectTo', given.redirectTo, DEFAULTS.requireRecent.redirectTo);
  const returnTo = optional.pattern('requireRecent.returnTo', given.returnTo, SITE_PATH, 'a path of this site, such as "/account"', DEFAULTS.requireRecent.returnTo);
  const rule: RecentCodeRule = { maxAgeMs, redirectTo };
  return pipelineMiddleware(settings, GUARD, async (req: FlowRequest & SignedInRequest) => {
    if (!isSignedIn(req)) return toLogin(settings);
    if (hasRecentCode(req.session, settings.name, settings.clock(), maxAgeMs)) return { kind: 'next' };
    const back = req.method === 'GET' || req.method === 'HEAD' ? requestPath(req) : returnTo;
    return startStepUp(req, settings, await identifyUser(settings, req.user, req), rule, back);
  });
}

/** A guard in front of the app's routes: their bodies are the app's, so it reads none. */
const GUARD = { name: 'requireRecent()', readsForm: false };
