import { SmsOtpError } from '../errors';
import type { RequestLike, SessionLike } from '../http/types';
import { nodeCallback } from '../http/nodeCallback';
import { flash } from './flash';

/** A request Passport can log in: `req.logIn`, which regenerates the session (passport 0.6+). */
export interface LogInRequest extends RequestLike {
  session: SessionLike;
  logIn?: LogIn;
  login?: LogIn;
}

type LogIn = (user: unknown, options: unknown, done: (err?: unknown) => void) => void;

/** Where the time of the session's last verification by code is kept. */
function sessionKey(name: string): string {
  return `smsOtpVerifiedAt:${name}`;
}

/** When this session last verified a code of the strategy named `name`, or `undefined`. */
function lastVerifiedAt(session: SessionLike, name: string): number | undefined {
  const at = (session as SessionLike & Record<string, unknown>)[sessionKey(name)];
  return typeof at === 'number' ? at : undefined;
}

/** Whether the session's last code of the strategy named `name` (a remembered device is none) is younger than `maxAgeMs`. */
export function hasRecentCode(session: SessionLike, name: string, now: number, maxAgeMs: number): boolean {
  const verifiedAt = lastVerifiedAt(session, name);
  return verifiedAt !== undefined && now - verifiedAt < maxAgeMs;
}

/** Records a verification by code (a remembered device is none). */
function markVerified(session: SessionLike, name: string, now: number): void {
  (session as SessionLike & Record<string, unknown>)[sessionKey(name)] = now;
}

/**
 * Records the verification in the session Passport is about to log the user into. Its `logIn`
 * regenerates the session, which drops anything written before; so the mark goes into the new
 * session as soon as it exists, before Passport saves it once with the user (no second write).
 */
export function markVerifiedOnRegenerate(req: LogInRequest, name: string, now: number, notices: readonly string[] = []): void {
  const session = req.session;
  const regenerate = session.regenerate;
  session.regenerate = function (done) {
    regenerate.call(this, (err?: unknown) => {
      if (!err && req.session) {
        markVerified(req.session, name, now);
        for (const notice of notices) flash(req, notice);
      }
      done(err);
    });
  };
}

/** Logs the signed-in user in again (a new session id, still signed in) and records the verification, with `notices` for the next page. */
export async function logInAgainVerified(req: LogInRequest, user: unknown, name: string, now: number, notices: readonly string[] = []): Promise<void> {
  markVerifiedOnRegenerate(req, name, now, notices);
  await logIn(req, user);
}

/** Logs `user` in through Passport's `req.logIn`, which regenerates the session (a new session id). */
export async function logIn(req: LogInRequest, user: unknown): Promise<void> {
  const passportLogIn = req.logIn ?? req.login;
  if (typeof passportLogIn !== 'function') throw new SmsOtpError('passport-sms-otp logs the user in through req.logIn: add passport.session() before it.');
  await nodeCallback((done) => passportLogIn.call(req, user, {}, done));
}
