import type { LockoutRule, OtpStore, SendDecision, VerifyDecision } from '../OtpStore';
import { DAY, ref, send, verify } from './requests';

/**
 * The lockout of the cases on holds: a lock after 3 wrong codes within 10 minutes (15 minutes,
 * then 30, then the longest, an hour), a hold after 10 wrong codes in a row.
 */
export const holdRule: LockoutRule = { maxFailures: 3, durationMs: 900_000, maxDurationMs: 3_600_000, failureWindowMs: 600_000, maxConsecutiveFailures: 10 };

/** A first send of sign-in `challengeId` of `user-a` at `now`: code `right`, 5 attempts, 5 minutes. */
export const sendAt = (store: OtpStore, challengeId: string, now: number, userId = 'user-a'): Promise<SendDecision> =>
  store.reserveSend(send({ ...ref(challengeId, userId), now, ttlMs: DAY, code: { hash: 'right', expiresAt: now + 300_000, maxAttempts: 5 } }));

/** An attempt at sign-in `challengeId` of `user-a` at `now`, under `rule`. */
export const guessAt = (store: OtpStore, challengeId: string, now: number, hash = 'x', rule = holdRule): Promise<VerifyDecision> =>
  store.verify(verify(hash, { ...ref(challengeId), now, lockout: rule }));

/** Where a run of wrong codes left the user. */
export interface WrongRun {
  /** Each guess's answer, in order. */
  readonly answers: readonly VerifyDecision[];
  /** The clock after the run: past every lock it started. */
  readonly now: number;
  /** The sign-in of the last guess, whose code (`right`) is still out. */
  readonly challengeId: string;
}

/**
 * `count` wrong codes, each on a new sign-in (`<name>0`, `<name>1`, …) sent just before it, with the
 * clock moved past each lock a guess starts: the way an attacker waits out every lock.
 */
export async function guessWrong(store: OtpStore, count: number, start: number, name = 'w', rule = holdRule): Promise<WrongRun> {
  const answers: VerifyDecision[] = [];
  let now = start;
  let challengeId = '';
  for (let i = 0; i < count; i += 1) {
    challengeId = `${name}${i}`;
    await sendAt(store, challengeId, now);
    const answer = await guessAt(store, challengeId, now, 'x', rule);
    answers.push(answer);
    if (answer.status === 'wrong') now += answer.lockedForMs;
  }
  return { answers, now, challengeId };
}

/** Holds `user-a`: `maxConsecutiveFailures` wrong codes of `holdRule`, past each lock. */
export const holdUser = (store: OtpStore, start: number): Promise<WrongRun> => guessWrong(store, holdRule.maxConsecutiveFailures, start, 'hold');

/** Locks `user-a` under `holdRule` from `now` (`maxFailures` wrong codes on a new sign-in `challengeId`), for `durationMs`. */
export async function lockUser(store: OtpStore, now: number, challengeId = 'lock'): Promise<void> {
  await sendAt(store, challengeId, now);
  for (let i = 0; i < holdRule.maxFailures; i += 1) await guessAt(store, challengeId, now);
}
