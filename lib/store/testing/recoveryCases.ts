import type { OtpStore, QuotaRule, RecoveryAttemptRequest, RecoveryCodeStore, RecoveryUseRequest } from '../OtpStore';
import type { Cases } from './Cases';
import { countOf, inParallel, NOW, ref, send, verify } from './requests';
import { guessAt, holdRule, holdUser, lockUser, sendAt } from './userLocks';

/** A store with the methods of the `recoveryCodes` feature. */
export type RecoveryStore = OtpStore & RecoveryCodeStore;

/** The user's tries at recovery codes: 3 an hour. */
const tries: QuotaRule = { max: 3, windowMs: 3_600_000 };

/** A try at a recovery code in sign-in `challengeId` of `userId`. */
const attempt = (challengeId: string, now: number, rule = tries, userId = 'user-a'): RecoveryAttemptRequest => ({ ...ref(challengeId, userId), now, rule });

/** A right recovery code in sign-in `challengeId` of `user-a`; its marker kept 10 minutes. */
const used = (challengeId: string, now: number, rule = tries): RecoveryUseRequest => ({ ...ref(challengeId), now, rule, endedTtlMs: 600_000 });

const limit = (retryAfterMs: number) => ({ granted: false, reason: 'limit', retryAfterMs });

/**
 * The `recoveryCodes` feature: `takeRecoveryAttempt` and `recoveryCodeUsed`. The tries have a
 * limit of their own, apart from the SMS codes' failures; a right recovery code ends the sign-in
 * and releases the user as `unlock` does.
 */
export function recoveryCases({ it, expect }: Cases<RecoveryStore>): void {
  it("grants a user max tries within the window, across sign-ins, then refuses with the wait until the window's end refills it", async (store) => {
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW))).toEqual({ granted: true });
    expect(await store.takeRecoveryAttempt(attempt('c2', NOW + 1000))).toEqual({ granted: true });
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW + 2000))).toEqual({ granted: true });
    expect(await store.takeRecoveryAttempt(attempt('c3', NOW + 600_000))).toEqual(limit(3_000_000));
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW + 600_000, tries, 'user-b'))).toEqual({ granted: true });
    expect(await store.takeRecoveryAttempt(attempt('c3', NOW + 3_600_000))).toEqual({ granted: true });
  });

  it('lets a locked or a held user try, leaving the lock and the hold in place', async (store) => {
    await lockUser(store, NOW);
    expect(await store.takeRecoveryAttempt(attempt('lock', NOW + 1000))).toEqual({ granted: true });
    expect((await store.inspect({ ...ref('lock'), now: NOW + 1000 })).lockedForMs).toBe(holdRule.durationMs - 1000);
    await store.unlock({ userId: 'user-a', now: NOW + 1000 });
    const { now, challengeId } = await holdUser(store, NOW + 1000);
    expect(await store.takeRecoveryAttempt(attempt(challengeId, now))).toEqual({ granted: true });
    expect(await store.inspect({ ...ref(challengeId), now })).toMatchObject({ held: true });
  });

  it('refuses a try in a sign-in that ended, taking nothing from the user', async (store) => {
    const one = { max: 1, windowMs: 3_600_000 };
    await sendAt(store, 'c1', NOW);
    await guessAt(store, 'c1', NOW, 'right');
    await store.end({ ...ref('c2'), now: NOW, ttlMs: 600_000 });
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW, one))).toEqual({ granted: false, reason: 'ended' });
    expect(await store.takeRecoveryAttempt(attempt('c2', NOW, one))).toEqual({ granted: false, reason: 'ended' });
    expect(await store.takeRecoveryAttempt(attempt('c3', NOW, one))).toEqual({ granted: true });
  });

  it('ends the sign-in on a right recovery code and gives its try back', async (store) => {
    const one = { max: 1, windowMs: 3_600_000 };
    await sendAt(store, 'c1', NOW);
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW, one))).toEqual({ granted: true });
    expect(await store.recoveryCodeUsed(used('c1', NOW, one))).toEqual({ status: 'verified', released: 'nothing' });
    expect(await store.verify(verify('right', { ...ref('c1'), now: NOW + 599_000 }))).toEqual({ status: 'ended' });
    expect(await store.reserveSend(send({ ...ref('c1'), now: NOW + 60_000 }))).toEqual({ granted: false, reason: 'ended', retryAfterMs: 0 });
    expect(await store.inspect({ ...ref('c1'), now: NOW })).toMatchObject({ ended: true, codeUsable: false });
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW, one))).toEqual({ granted: false, reason: 'ended' });
    expect(await store.takeRecoveryAttempt(attempt('c2', NOW, one))).toEqual({ granted: true });
  });

  it('releases a hold with a right recovery code: sends and codes work again, and every count starts over', async (store) => {
    const { now, challengeId } = await holdUser(store, NOW);
    await store.takeRecoveryAttempt(attempt(challengeId, now));
    expect(await store.recoveryCodeUsed(used(challengeId, now))).toEqual({ status: 'verified', released: 'hold' });
    expect(await sendAt(store, 'c1', now)).toEqual({ granted: true, first: true });
    expect(await store.inspect({ ...ref('c1'), now })).toMatchObject({ codeUsable: true, lockedForMs: 0, held: false });
    expect(await guessAt(store, 'c1', now)).toMatchObject({ status: 'wrong', lockedForMs: 0, held: false });
    expect(await guessAt(store, 'c1', now)).toMatchObject({ status: 'wrong', lockedForMs: 0, held: false });
    expect(await guessAt(store, 'c1', now)).toMatchObject({ status: 'wrong', lockedForMs: holdRule.durationMs, held: false });
  });

  it('releases a lock running now with a right recovery code; one that ended is nothing', async (store) => {
    await lockUser(store, NOW);
    expect(await store.recoveryCodeUsed(used('c1', NOW + 1000))).toEqual({ status: 'verified', released: 'lock' });
    expect(await sendAt(store, 'c2', NOW + 1000)).toEqual({ granted: true, first: true });
    await lockUser(store, NOW + 2000, 'lock2');
    expect(await store.recoveryCodeUsed(used('c3', NOW + 2000 + holdRule.durationMs))).toEqual({ status: 'verified', released: 'nothing' });
  });

  it('changes nothing for a right recovery code in a sign-in that had ended', async (store) => {
    const one = { max: 1, windowMs: 3_600_000 };
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW, one))).toEqual({ granted: true });
    await lockUser(store, NOW);
    await store.end({ ...ref('c1'), now: NOW, ttlMs: 600_000 });
    expect(await store.recoveryCodeUsed(used('c1', NOW + 1000, one))).toEqual({ status: 'ended' });
    expect(await sendAt(store, 'c2', NOW + 1000)).toEqual({ granted: false, reason: 'locked', retryAfterMs: holdRule.durationMs - 1000 });
    expect(await store.takeRecoveryAttempt(attempt('c2', NOW + 1000, one))).toEqual(limit(3_599_000));
  });

  it("keeps the recovery tries apart from the SMS codes' failures and from the send quota", async (store) => {
    const userQuota = { max: 1, windowMs: 3_600_000 };
    expect(await store.reserveSend(send({ ...ref('c1'), code: { hash: 'right', expiresAt: NOW + 300_000, maxAttempts: 5 }, userQuota }))).toMatchObject({ granted: true });
    for (let i = 0; i < holdRule.maxFailures - 1; i += 1) await guessAt(store, 'c1', NOW);
    // The wrong SMS codes took none of the tries…
    for (let i = 0; i < tries.max; i += 1) expect(await store.takeRecoveryAttempt(attempt('c1', NOW))).toEqual({ granted: true });
    expect(await store.takeRecoveryAttempt(attempt('c1', NOW))).toEqual(limit(tries.windowMs));
    // …the tries added nothing to the SMS failures (the lock comes at maxFailures, not before) nor to the send quota.
    expect(await guessAt(store, 'c1', NOW)).toMatchObject({ status: 'wrong', lockedForMs: holdRule.durationMs });
    expect(await store.reserveSend(send({ ...ref('c2'), now: NOW + holdRule.durationMs, userQuota }))).toEqual({ granted: false, reason: 'quota_user', retryAfterMs: 3_600_000 - holdRule.durationMs });
    // A right SMS code gives no tries back.
    await sendAt(store, 'c3', NOW + holdRule.durationMs);
    expect(await guessAt(store, 'c3', NOW + holdRule.durationMs, 'right')).toEqual({ status: 'verified' });
    expect(await store.takeRecoveryAttempt(attempt('c4', NOW + holdRule.durationMs))).toEqual(limit(tries.windowMs - holdRule.durationMs));
  });
}

/** Races on recovery tries and uses, with the calls split between the instances. */
export function recoveryRaceCases({ it, expect }: Cases<readonly RecoveryStore[]>): void {
  const on = (stores: readonly RecoveryStore[], i: number) => stores[i % stores.length];

  it('grants exactly max of 20 parallel tries across sign-ins of one user', async (stores) => {
    const five = { max: 5, windowMs: 3_600_000 };
    const takes = await inParallel(20, (i) => on(stores, i).takeRecoveryAttempt(attempt(`c${i % 4}`, NOW, five)));
    expect(countOf(takes, (take) => take.granted)).toBe(5);
    expect(countOf(takes, (take) => !take.granted && take.reason === 'limit')).toBe(15);
  });

  it('ends a held sign-in once of 10 parallel right recovery codes, releasing the hold once', async (stores) => {
    const { now, challengeId } = await holdUser(stores[0], NOW);
    const uses = await inParallel(10, (i) => on(stores, i).recoveryCodeUsed(used(challengeId, now)));
    expect(countOf(uses, (use) => use.status === 'verified' && use.released === 'hold')).toBe(1);
    expect(countOf(uses, (use) => use.status === 'ended')).toBe(9);
  });
}
