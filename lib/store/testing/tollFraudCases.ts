import type { ConversionRule, GroupRef, GroupSendDecision, GroupSendRequest, OtpStore, TollFraudStore } from '../OtpStore';
import type { Cases } from './Cases';
import { countOf, inParallel, NOW } from './requests';

/** A store with the methods of the `tollFraud` feature. */
export type GroupStore = OtpStore & TollFraudStore;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A group of `group` at `now` (NOW starts a minute), over the strategy's window: an hour in minute buckets. */
const at = (now: number, group = 'p:one'): GroupRef => ({ group, now, windowMs: HOUR, bucketMs: MINUTE });

/** A send to the group at `now`: 3 an hour, no conversion rule. */
const take = (now: number, overrides: Partial<GroupSendRequest> = {}): GroupSendRequest => ({ ...at(now), maxSends: 3, conversion: undefined, ...overrides });

/** Half of at least 3 sends must be verified; else a 10-minute pause. */
const conversion: ConversionRule = { minSends: 3, minRate: 0.5, pauseMs: 10 * MINUTE };

/** A send under the conversion rule (and room for 100 an hour). */
const converting = (now: number, overrides: Partial<GroupSendRequest> = {}): GroupSendRequest => take(now, { maxSends: 100, conversion, ...overrides });

const GRANTED: GroupSendDecision = { granted: true };
const velocity = (retryAfterMs: number, started: boolean): GroupSendDecision => ({ granted: false, reason: 'velocity', retryAfterMs, started });
const paused = (retryAfterMs: number, started: boolean): GroupSendDecision => ({ granted: false, reason: 'conversion', retryAfterMs, started });

/** Sends granted to the group, one at each time. */
async function sendsAt(store: GroupStore, times: readonly number[], request: (now: number) => GroupSendRequest = take): Promise<void> {
  for (const now of times) if (!(await store.takeGroupSend(request(now))).granted) throw new Error(`the send at NOW + ${now - NOW} ms was refused`);
}

/**
 * The `tollFraud` feature: `takeGroupSend`, `returnGroupSend` and `groupVerified`. Sends and
 * verified codes count per group over a sliding hour of minute buckets (a count leaves the window
 * an hour after its minute began); a refused send counts nowhere.
 */
export function tollFraudCases({ it, expect }: Cases<GroupStore>): void {
  it('grants maxSends sends within the hour, then refuses for velocity until the oldest leaves the window, counting no refusal', async (store) => {
    await sendsAt(store, [NOW + 10_000, NOW + 10 * MINUTE, NOW + 20 * MINUTE]);
    expect(await store.takeGroupSend(take(NOW + 30 * MINUTE))).toEqual(velocity(30 * MINUTE, true));
    expect(await store.takeGroupSend(take(NOW + HOUR - 1))).toEqual(velocity(1, false));
    expect(await store.takeGroupSend(take(NOW + HOUR))).toEqual(GRANTED);
    expect(await store.takeGroupSend(take(NOW + HOUR + 1))).toEqual(velocity(10 * MINUTE - 1, false));
  });

  it('keeps a send in the window until an hour after its minute began, to the millisecond', async (store) => {
    const two = (now: number) => take(now, { maxSends: 2 });
    await sendsAt(store, [NOW + MINUTE - 1, NOW + MINUTE], two);
    expect(await store.takeGroupSend(two(NOW + HOUR - 1))).toEqual(velocity(1, true));
    expect(await store.takeGroupSend(two(NOW + HOUR))).toEqual(GRANTED);
    expect(await store.takeGroupSend(two(NOW + HOUR + 1))).toEqual(velocity(MINUTE - 1, false));
  });

  it('waits, under a lower maxSends, for as many of the oldest minutes as must leave', async (store) => {
    await sendsAt(store, [NOW, NOW + 1000, NOW + 10 * MINUTE, NOW + 20 * MINUTE], (now) => take(now, { maxSends: 10 }));
    expect(await store.takeGroupSend(take(NOW + 30 * MINUTE, { maxSends: 2 }))).toEqual(velocity(40 * MINUTE, true));
    expect(await store.takeGroupSend(take(NOW + 30 * MINUTE, { maxSends: 3 }))).toEqual(velocity(30 * MINUTE, false));
  });

  it('takes back a send with returnGroupSend, one at a time, and ignores one in a group that counts nothing', async (store) => {
    await store.returnGroupSend(at(NOW, 'p:none'));
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000]);
    await store.returnGroupSend(at(NOW + 2000));
    expect(await store.takeGroupSend(take(NOW + 3000))).toEqual(GRANTED);
    expect(await store.takeGroupSend(take(NOW + 4000))).toEqual(velocity(HOUR - 4000, true));
    await store.returnGroupSend(at(NOW + 5000));
    await store.returnGroupSend(at(NOW + 5000));
    await sendsAt(store, [NOW + 6000, NOW + 7000]);
    expect(await store.takeGroupSend(take(NOW + 8000))).toEqual(velocity(HOUR - 8000, false));
  });

  it('reports a velocity episode once: started again only after an hour without a refusal', async (store) => {
    const one = (now: number, group = 'p:one') => take(now, { ...at(now, group), maxSends: 1 });
    for (const group of ['p:one', 'p:two']) await sendsAt(store, [NOW], (now) => one(now, group));
    expect(await store.takeGroupSend(one(NOW + MINUTE))).toEqual(velocity(HOUR - MINUTE, true));
    expect(await store.takeGroupSend(one(NOW + 2 * MINUTE))).toEqual(velocity(HOUR - 2 * MINUTE, false));
    expect(await store.takeGroupSend(one(NOW + 2 * MINUTE, 'p:two'))).toEqual(velocity(HOUR - 2 * MINUTE, true));
    for (const group of ['p:one', 'p:two']) await sendsAt(store, [NOW + HOUR], (now) => one(now, group));
    expect(await store.takeGroupSend(one(NOW + HOUR + 2 * MINUTE))).toEqual(velocity(HOUR - 2 * MINUTE, true));
    expect(await store.takeGroupSend(one(NOW + HOUR + 2 * MINUTE - 1, 'p:two'))).toEqual(velocity(HOUR - 2 * MINUTE + 1, false));
  });

  it('pauses at the send after minSends sends of which fewer than minRate were verified, for pauseMs, counting no refusal', async (store) => {
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000], converting);
    await store.groupVerified(at(NOW + 3000));
    expect(await store.takeGroupSend(converting(NOW + 4000))).toEqual(paused(10 * MINUTE, true));
    expect(await store.takeGroupSend(converting(NOW + 5000))).toEqual(paused(10 * MINUTE - 1000, false));
    // A pause comes first, before velocity.
    expect(await store.takeGroupSend(converting(NOW + 6000, { maxSends: 3 }))).toEqual(paused(10 * MINUTE - 2000, false));
    expect(await store.takeGroupSend(converting(NOW + 4000 + 10 * MINUTE - 1))).toEqual(paused(1, false));
    // The refused sends counted nowhere: 2 verified of 3 sends is rate enough once the pause is over.
    await store.groupVerified(at(NOW + 10 * MINUTE));
    expect(await store.takeGroupSend(converting(NOW + 4000 + 10 * MINUTE))).toEqual(GRANTED);
  });

  it('grants sends until minSends, and a send when exactly minRate of them were verified', async (store) => {
    const four = (now: number) => converting(now, { conversion: { ...conversion, minSends: 4 } });
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000, NOW + 3000], four);
    await store.groupVerified(at(NOW + 4000));
    await store.groupVerified(at(NOW + 5000));
    expect(await store.takeGroupSend(four(NOW + 6000))).toEqual(GRANTED);
    expect(await store.takeGroupSend(four(NOW + 7000))).toEqual(paused(10 * MINUTE, true));
  });

  it('pauses again, a new episode, while the pattern lasts, and no more once the sends leave the window', async (store) => {
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000], converting);
    expect(await store.takeGroupSend(converting(NOW + 3000))).toEqual(paused(10 * MINUTE, true));
    expect(await store.takeGroupSend(converting(NOW + 3000 + 10 * MINUTE))).toEqual(paused(10 * MINUTE, true));
    expect(await store.takeGroupSend(converting(NOW + 3000 + 20 * MINUTE))).toEqual(paused(10 * MINUTE, true));
    expect(await store.takeGroupSend(converting(NOW + HOUR))).toEqual(GRANTED);
  });

  it('keeps a group whose codes are verified unpaused, while verified codes also leave the window after an hour', async (store) => {
    for (let i = 0; i < 10; i += 1) {
      expect(await store.takeGroupSend(converting(NOW + i * 1000))).toEqual(GRANTED);
      if (i % 2 === 0) await store.groupVerified(at(NOW + i * 1000 + 500));
    }
    expect(await store.takeGroupSend(converting(NOW + 30 * MINUTE))).toEqual(GRANTED);
    await sendsAt(store, [NOW + HOUR, NOW + HOUR + 1000], converting);
    expect(await store.takeGroupSend(converting(NOW + HOUR + 2000))).toEqual(paused(10 * MINUTE, true));
  });

  it('keeps groups apart: a pause or velocity in one touches no other, nor the same pseudonym of the other kind', async (store) => {
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000], converting);
    expect(await store.takeGroupSend(converting(NOW + 3000))).toEqual(paused(10 * MINUTE, true));
    await sendsAt(store, [NOW, NOW + 1000, NOW + 2000], (now) => take(now, at(now, 'p:two')));
    expect(await store.takeGroupSend(take(NOW + 3000, at(NOW + 3000, 'p:two')))).toEqual(velocity(HOUR - 3000, true));
    const country = (now: number) => converting(now, { ...at(now, 'c:one'), maxSends: 4 });
    await sendsAt(store, [NOW + 4000, NOW + 5000], country);
    await store.groupVerified(at(NOW + 6000, 'c:one'));
    await store.groupVerified(at(NOW + 6000, 'c:one'));
    await sendsAt(store, [NOW + 7000, NOW + 8000], country);
    expect(await store.takeGroupSend(country(NOW + 9000))).toEqual(velocity(HOUR - 9000, true));
  });
}

/** Races on groups, with the calls split between the instances (each with its own connection, as two app instances). */
export function tollFraudRaceCases({ it, expect }: Cases<readonly GroupStore[]>): void {
  const on = (stores: readonly GroupStore[], i: number) => stores[i % stores.length];
  const refused = (reason: string, started: boolean) => (decision: GroupSendDecision) => !decision.granted && decision.reason === reason && decision.started === started;

  it('grants exactly maxSends of 20 parallel sends to a group, and reports the velocity episode once', async (stores) => {
    const sends = await inParallel(20, (i) => on(stores, i).takeGroupSend(take(NOW + i, { maxSends: 5 })));
    expect(countOf(sends, (decision) => decision.granted)).toBe(5);
    expect(countOf(sends, refused('velocity', true))).toBe(1);
    expect(countOf(sends, refused('velocity', false))).toBe(14);
  });

  it('grants minSends of 10 parallel sends to a group nobody verifies, and starts one pause', async (stores) => {
    const sends = await inParallel(10, (i) => on(stores, i).takeGroupSend(converting(NOW + i)));
    expect(countOf(sends, (decision) => decision.granted)).toBe(3);
    expect(countOf(sends, refused('conversion', true))).toBe(1);
    expect(countOf(sends, refused('conversion', false))).toBe(6);
  });

  it('counts every one of 10 parallel verified codes and returned sends', async (stores) => {
    const all = { conversion: { ...conversion, minSends: 10, minRate: 1 } };
    await sendsAt(stores[0], Array.from({ length: 14 }, (_, i) => NOW + i), (now) => take(now, { maxSends: 100 }));
    await inParallel(4, (i) => on(stores, i).returnGroupSend(at(NOW + 100)));
    await inParallel(10, (i) => on(stores, i).groupVerified(at(NOW + 200)));
    expect(await stores[0].takeGroupSend(converting(NOW + 300, all))).toEqual(GRANTED);
    expect(await stores[0].takeGroupSend(converting(NOW + 400, all))).toEqual(paused(10 * MINUTE, true));
  });
}
