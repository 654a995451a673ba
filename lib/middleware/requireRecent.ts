import { SmsOtpError } from '../errors';
import type { Middleware } from '../http/types';
import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import { requestPath } from '../http/requestPath';
import { SITE_PATH } from '../http/safePath';
import { PendingSignIn } from '../session/PendingSignIn';
import { lastVerifiedAt } from '../session/recentVerification';
import { isSignedIn, serializeSignedInUser, type SignedInRequest } from '../session/signedIn';
import type { Settings } from '../config/resolveSettings';
import { seeOther } from '../http/seeOther';

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
  return (incoming, res, next) => {
    const req = incoming as SignedInRequest;
    if (!req.session) return next(new SmsOtpError('passport-sms-otp needs session support: add express-session before requireRecent().'));
    if (!isSignedIn(req)) return seeOther(res, settings.loginUrl);
    const now = settings.clock();
    const verifiedAt = lastVerifiedAt(req.session, settings.name);
    if (verifiedAt !== undefined && now - verifiedAt < maxAgeMs) return next();
    // A change of number started while the code was recent goes on: cutting it short would throw
    // away the code already texted to the new number.
    const pending = PendingSignIn.read(req.session, settings.name);
    if (verifiedAt !== undefined && pending?.purpose === 'change_mobile' && pending.since - verifiedAt < maxAgeMs) return next();
    const back = req.method === 'GET' || req.method === 'HEAD' ? requestPath(req) : returnTo;
    serializeSignedInUser(req, settings)
      .then((user) => {
        PendingSignIn.startFor(req.session, settings.name, 'step_up', user, now, back);
        seeOther(res, redirectTo);
      })
      .then(undefined, next);
  };
}
