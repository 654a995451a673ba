import type { ChallengeRef, LockoutRule, SendRequest, VerifyRequest } from '../OtpStore';

/** The app's clock during a case: stores take every time from their requests, never their own clock. */
export const NOW = 1_800_000_000_000;
export const DAY = 86_400_000;

export const lockout: LockoutRule = { maxFailures: 3, durationMs: 900_000, maxDurationMs: DAY, failureWindowMs: DAY, maxConsecutiveFailures: 100 };

/** A sign-in and its user. */
export const ref = (challengeId = 'c1', userId = 'user-a'): ChallengeRef => ({ challengeId, userId });

/** A code as a send carries it, valid for 5 minutes from NOW. */
export const code = (hash: string, maxAttempts = 2): SendRequest['code'] => ({ hash, expiresAt: NOW + 300_000, maxAttempts });

/** A send of sign-in `c1` of `user-a` at NOW: 30 s cooldown, 2 sends, 10 minutes to live. */
export const send = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  ...ref(),
  now: NOW,
  firstOnly: false,
  cooldownMs: 30_000,
  maxSends: 2,
  ttlMs: 600_000,
  code: code('hash-1'),
  userQuota: undefined,
  ...overrides,
});

/** An attempt at sign-in `c1` of `user-a` at NOW. */
export const verify = (hash: string, overrides: Partial<VerifyRequest> = {}): VerifyRequest => ({ ...ref(), now: NOW, hash, lockout, endedTtlMs: 600_000, ...overrides });

/** `count` calls started together, the i-th made by `call(i)`. */
export const inParallel = <T>(count: number, call: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: count }, (_, i) => call(i)));

/** How many of `items` pass `test`. */
export const countOf = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length;
