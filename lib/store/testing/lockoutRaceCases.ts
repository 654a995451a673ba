import type { OtpStore, VerifyDecision } from '../OtpStore';
import type { Cases } from './Cases';
import { countOf, DAY, inParallel, NOW } from './requests';
import { guessAt, holdRule, holdUser, sendAt } from './userLocks';

const compared = (decision: VerifyDecision) => decision.status === 'wrong';
const heldBy = (decision: VerifyDecision) => decision.status === 'wrong' && decision.held;
const status = (name: VerifyDecision['status']) => (decision: VerifyDecision) => decision.status === name;

/**
 * Parallel wrong guesses of one user, over many sign-ins: the consecutive count is decided in the
 * same step as the comparison, so no interleaving compares more than `maxConsecutiveFailures`.
 * The calls are split between the instances given.
 */
export function lockoutRaceCases({ it, expect }: Cases<readonly OtpStore[]>): void {
  const on = (stores: readonly OtpStore[], i: number) => stores[i % stores.length];

  /** `count` wrong guesses started together at `now`, over 8 new sign-ins `<name>0`…`<name>7` of user-a. */
  const guessTogether = async (stores: readonly OtpStore[], count: number, now: number, name: string, rule = holdRule) => {
    const ids = Array.from({ length: 8 }, (_, i) => `${name}${i}`);
    for (const id of ids) await sendAt(stores[0], id, now);
    return inParallel(count, (i) => guessAt(on(stores, i), ids[i % ids.length], now, 'x', rule));
  };

  it('compares exactly maxConsecutiveFailures of 40 parallel wrong guesses across 8 sign-ins of one user; the others find the user held', async (stores) => {
    const guesses = await guessTogether(stores, 40, NOW, 'p', { ...holdRule, maxFailures: holdRule.maxConsecutiveFailures });
    expect(countOf(guesses, compared)).toBe(holdRule.maxConsecutiveFailures);
    expect(countOf(guesses, heldBy)).toBe(1);
    expect(countOf(guesses, status('held'))).toBe(40 - holdRule.maxConsecutiveFailures);
  });

  it('compares exactly maxConsecutiveFailures in all over rounds of 30 parallel wrong guesses, the clock moved past each lock', async (stores) => {
    const perRound: number[] = [];
    let now = NOW;
    for (let round = 0; round < 4; round += 1) {
      const guesses = await guessTogether(stores, 30, now, `r${round}-`);
      perRound.push(countOf(guesses, compared));
      const refused = round < 3 ? status('locked') : status('held');
      expect(countOf(guesses, refused)).toBe(30 - perRound[round]);
      now += Math.max(...guesses.map((guess) => (guess.status === 'wrong' ? guess.lockedForMs : 0)));
    }
    expect(perRound).toEqual([3, 3, 3, 1]);
    const monthLater = await inParallel(30, (i) => guessAt(on(stores, i), `r3-${i % 8}`, now + 30 * DAY));
    expect(countOf(monthLater, status('held'))).toBe(30);
  });

  it('releases a hold once of 10 parallel unlocks', async (stores) => {
    const { now } = await holdUser(stores[0], NOW);
    const unlocks = await inParallel(10, (i) => on(stores, i).unlock({ userId: 'user-a', now }));
    expect(countOf(unlocks, (unlock) => unlock.released === 'hold')).toBe(1);
    expect(countOf(unlocks, (unlock) => unlock.released === 'nothing')).toBe(9);
  });
}
