import { randomBytes } from 'node:crypto';
import type { RequestLike, SessionLike } from '../http';
import { nodeCallback } from '../nodeCallback';

/** Where the pending sign-in lives in the session. */
const SESSION_KEY = 'smsOtp';

/** A user who passed the first factor and has yet to enter the code. Kept small: it lives in the session. */
export interface PendingSignIn {
  /** The user as the app's `serializeUser` stored them. */
  readonly user: unknown;
  /** Random id of this sign-in: the key of its code in the store. */
  readonly id: string;
  /** When the first factor passed, in milliseconds since the epoch. */
  readonly since: number;
  /** The masked mobile number, once looked up, for the prompt and events. */
  mobile?: string;
  /** Set once a code went out, so reloading the prompt skips straight to drawing it. */
  codeSent?: true;
  /** Set after a resend, shown once by the prompt. */
  resent?: true;
}

type SessionWithPending = SessionLike & { [SESSION_KEY]?: PendingSignIn };

/** The pending sign-in, if the session holds one. */
export function readPendingSignIn(session: SessionLike): PendingSignIn | undefined {
  const pending = (session as SessionWithPending)[SESSION_KEY];
  return pending && typeof pending.id === 'string' && typeof pending.since === 'number' ? pending : undefined;
}

/**
 * Starts a pending sign-in in a new session (so the session id changes with the privilege)
 * and saves it before the response goes out.
 */
export async function startPendingSignIn(req: RequestLike & { session: SessionLike }, user: unknown, now: number): Promise<void> {
  await nodeCallback((done) => req.session.regenerate(done));
  const pending: PendingSignIn = { user, id: randomBytes(16).toString('base64url'), since: now };
  (req.session as SessionWithPending)[SESSION_KEY] = pending;
  await nodeCallback((done) => req.session.save(done));
}

/** Ends the pending sign-in. */
export function clearPendingSignIn(session: SessionLike): void {
  delete (session as SessionWithPending)[SESSION_KEY];
}
