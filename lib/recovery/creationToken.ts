import { randomBytes } from 'node:crypto';
import type { SessionLike } from '../http/types';

/** Where the session keeps the token of the creation form it showed last. */
function sessionKey(name: string): string {
  return `smsOtpRecoveryCodesToken:${name}`;
}

/**
 * A one-time token for the form that creates recovery codes: the form posts it back, and a set is
 * created only for a token the session holds, once. A reload of the page of codes (the same post
 * again) finds its token spent, so the codes are never shown twice.
 */
export function newCreationToken(session: SessionLike, name: string): string {
  const token = randomBytes(16).toString('base64url');
  (session as SessionLike & Record<string, unknown>)[sessionKey(name)] = token;
  return token;
}

/** Whether `posted` is the session's token, spending it either way. */
export function takeCreationToken(session: SessionLike, name: string, posted: unknown): boolean {
  const store = session as SessionLike & Record<string, unknown>;
  const held = store[sessionKey(name)];
  delete store[sessionKey(name)];
  return typeof held === 'string' && posted === held;
}
