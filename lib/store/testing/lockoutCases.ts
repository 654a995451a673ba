import type { OtpStore, VerifyDecision } from '../OtpStore';
import type { Cases } from './Cases';
import { DAY, NOW, ref, send } from './requests';
import { guessAt, guessWrong, holdRule, holdUser, sendAt } from './userLocks';

/** A wrong code's answer. */
const wrong = (attemptsLeft: number, lockedForMs = 0, held = false): VerifyDecision => ({ status: 'wrong', attemptsLeft, lockedForMs, held });

const user = { userId: 'user-a' };

/**
 * The consecutive failures: a count of wrong codes that only a right code (or `unlock`) starts
 * over, and that holds the user at `maxConsecutiveFailures`; locks that double; `unlock`.
 */
export function lockoutCases({ it, expect }: Cases<OtpStore>): void {
  it('holds the user at exactly maxConsecutiveFailures wrong codes, though failure windows pass, locks end and new codes and sign-ins come', async (store) => {
    const answers: VerifyDecision[] = [];
    let now = NOW;
    await sendAt(store, 'c1', now);
    for (let i = 0; i < 2; i += 1) answers.push(await guessAt(store, 'c1', now));
    // The failure window passes: no lock follows, yet both still count toward the hold.
    now += holdRule.failureWindowMs;
    await sendAt(store, 'c2', now);
    for (let i = 0; i < 3; i += 1) answers.push(await guessAt(store, 'c2', now));
    // The first lock ends; a new code of the same sign-in.
    now += holdRule.durationMs;
    expect(await store.reserveSend(send({ ...ref('c2'), now, code: { hash: 'right', expiresAt: now + 300_000, maxAttempts: 5 } }))).toEqual({ granted: true, first: false });
    for (let i = 0; i < 3; i += 1) answers.push(await guessAt(store, 'c2', now));
    now += 2 * holdRule.durationMs;
    await sendAt(store, 'c3', now);
    for (let i = 0; i < 2; i += 1) answers.push(await guessAt(store, 'c3', now));
    expect(answers).toEqual([wrong(4), wrong(3), wrong(4), wrong(3), wrong(2, 900_000), wrong(4), wrong(3), wrong(2, 1_800_000), wrong(4), wrong(3, 0, true)]);
    expect(await store.inspect({ ...ref('c3'), now })).toEqual({ ended: false, sends: 1, lastSentAt: now, codeUsable: true, attemptsLeft: 3, lockedForMs: 0, held: true });
  });

  it('while held sends nothing and compares nothing, not even the right code, however long the user waits', async (store) => {
    const { now, challengeId } = await holdUser(store, NOW);
    const attemptsLeft = (await store.inspect({ ...ref(challengeId), now })).attemptsLeft;
    expect(await guessAt(store, challengeId, now, 'right')).toEqual({ status: 'held' });
    expect(await store.inspect({ ...ref(challengeId), now })).toMatchObject({ codeUsable: true, attemptsLeft, lockedForMs: 0, held: true });
    expect(await sendAt(store, 'c9', now)).toEqual({ granted: false, reason: 'held', retryAfterMs: 0 });
    expect(await store.reserveSend(send({ ...ref(challengeId), now: now + 60_000 }))).toEqual({ granted: false, reason: 'held', retryAfterMs: 0 });
    const monthLater = now + 30 * DAY;
    expect(await sendAt(store, 'c10', monthLater)).toEqual({ granted: false, reason: 'held', retryAfterMs: 0 });
    expect(await guessAt(store, challengeId, monthLater, 'right')).toEqual({ status: 'held' });
    expect(await store.inspect({ ...ref('c10'), now: monthLater })).toMatchObject({ lockedForMs: 0, held: true });
    // Another user is not held.
    expect(await sendAt(store, 'c1', now, 'user-b')).toEqual({ granted: true, first: true });
    expect(await store.inspect({ ...ref('c1', 'user-b'), now })).toMatchObject({ held: false });
  });

  it('doubles each lock up to maxDurationMs, and starts the doubling over after a right code', async (store) => {
    const rule = { ...holdRule, maxConsecutiveFailures: 100 };
    const locks = async (count: number, start: number, name: string) => {
      const run = await guessWrong(store, count * rule.maxFailures, start, name, rule);
      return { now: run.now, locks: run.answers.flatMap((answer) => (answer.status === 'wrong' && answer.lockedForMs > 0 ? [answer.lockedForMs] : [])) };
    };
    const first = await locks(4, NOW, 'a');
    expect(first.locks).toEqual([900_000, 1_800_000, 3_600_000, 3_600_000]);
    // A lock lasts its full time.
    expect(await guessAt(store, 'a11', first.now - 1000, 'right', rule)).toEqual({ status: 'locked', retryAfterMs: 1000 });
    await sendAt(store, 'b', first.now);
    expect(await guessAt(store, 'b', first.now, 'right', rule)).toEqual({ status: 'verified' });
    expect((await locks(2, first.now, 'c')).locks).toEqual([900_000, 1_800_000]);
  });

  it('starts the consecutive count over after a right code: the hold then takes maxConsecutiveFailures wrong codes again', async (store) => {
    const before = await guessWrong(store, holdRule.maxConsecutiveFailures - 1, NOW, 'a');
    expect(before.answers.filter((answer) => answer.status === 'wrong' && answer.held)).toHaveLength(0);
    await sendAt(store, 'b', before.now);
    expect(await guessAt(store, 'b', before.now, 'right')).toEqual({ status: 'verified' });
    const after = await guessWrong(store, holdRule.maxConsecutiveFailures, before.now, 'c');
    expect(after.answers.map((answer) => answer.status === 'wrong' && answer.held)).toEqual([...Array<boolean>(holdRule.maxConsecutiveFailures - 1).fill(false), true]);
  });

  it('unlock releases a lock running now, and the counts and the doubling start over; one that ended, or none, is nothing', async (store) => {
    expect(await store.unlock({ ...user, now: NOW })).toEqual({ released: 'nothing' });
    // Two wrong codes, no lock: nothing to release, but the count toward a lock starts over.
    await sendAt(store, 'c1', NOW);
    for (let i = 0; i < 2; i += 1) await guessAt(store, 'c1', NOW);
    expect(await store.unlock({ ...user, now: NOW })).toEqual({ released: 'nothing' });
    expect(await guessAt(store, 'c1', NOW)).toEqual(wrong(2));
    expect(await guessAt(store, 'c1', NOW)).toEqual(wrong(1));
    expect(await guessAt(store, 'c1', NOW)).toEqual(wrong(0, holdRule.durationMs));
    // A second lock, released while it runs.
    const second = await guessWrong(store, holdRule.maxFailures, NOW + holdRule.durationMs, 'a');
    expect(second.answers[second.answers.length - 1]).toEqual(wrong(4, 2 * holdRule.durationMs));
    const during = second.now - 1000;
    expect(await store.unlock({ ...user, now: during })).toEqual({ released: 'lock' });
    expect(await store.unlock({ ...user, now: during })).toEqual({ released: 'nothing' });
    expect(await sendAt(store, 'c2', during)).toEqual({ granted: true, first: true });
    expect(await store.inspect({ ...ref('c2'), now: during })).toMatchObject({ lockedForMs: 0, held: false });
    // The next lock is the first again.
    for (let i = 0; i < 2; i += 1) expect(await guessAt(store, 'c2', during)).toEqual(wrong(4 - i));
    expect(await guessAt(store, 'c2', during)).toEqual(wrong(2, holdRule.durationMs));
    // A lock that ended is nothing to release.
    expect(await store.unlock({ ...user, now: during + holdRule.durationMs })).toEqual({ released: 'nothing' });
  });

  it('unlock releases a hold: sends and codes work again, and every count starts over', async (store) => {
    const { now } = await holdUser(store, NOW);
    expect(await store.unlock({ ...user, now })).toEqual({ released: 'hold' });
    expect(await store.unlock({ ...user, now })).toEqual({ released: 'nothing' });
    expect(await sendAt(store, 'c1', now)).toEqual({ granted: true, first: true });
    expect(await store.inspect({ ...ref('c1'), now })).toMatchObject({ codeUsable: true, lockedForMs: 0, held: false });
    expect(await guessAt(store, 'c1', now)).toEqual(wrong(4));
    expect(await guessAt(store, 'c1', now)).toEqual(wrong(3));
    expect(await guessAt(store, 'c1', now)).toEqual(wrong(2, holdRule.durationMs));
    const again = await guessWrong(store, holdRule.maxConsecutiveFailures - 4, now + holdRule.durationMs, 'a');
    expect(again.answers.filter((answer) => answer.status !== 'wrong' || answer.held)).toHaveLength(0);
    await sendAt(store, 'c2', again.now);
    expect(await guessAt(store, 'c2', again.now, 'right')).toEqual({ status: 'verified' });
  });
}
