import type { ChallengeRef, DeliveryStatus, DeliveryStore, OtpStore, RecordReceiptRequest, RecordReceiptResult, TrackDeliveryRequest } from '../OtpStore';
import type { Cases } from './Cases';
import { code, countOf, inParallel, lockout, NOW, ref, send, verify } from './requests';
import { holdUser } from './userLocks';

/** A store with the methods of the `deliveryReceipts` feature. */
export type ReceiptStore = OtpStore & DeliveryStore;

/** The three parts of a message of sign-in `c1`. */
const PARTS = ['m1', 'm2', 'm3'];

/** The message of code `hash` of sign-in `c1` of `user-a`, tracked at NOW for 10 minutes. */
const track = (hash: string, messageIds: readonly string[] = PARTS, overrides: Partial<TrackDeliveryRequest> = {}): TrackDeliveryRequest => ({
  ...ref(),
  now: NOW,
  hash,
  provider: 'twilio',
  channel: 'sms',
  purpose: 'sign_in',
  messageIds,
  ttlMs: 600_000,
  ...overrides,
});

/** A receipt at NOW; a failed one says 30003. */
const receipt = (messageId: string, state: RecordReceiptRequest['state'], overrides: Partial<RecordReceiptRequest> = {}): RecordReceiptRequest => ({
  now: NOW,
  messageId,
  state,
  code: state === 'failed' ? '30003' : '',
  fault: '',
  ...overrides,
});

/** The delivery of a message that `track` tracked at `sentAt`. */
const delivery = (state: DeliveryStatus['state'], failure: Partial<DeliveryStatus> = {}, sentAt = NOW): DeliveryStatus => ({
  state,
  code: state === 'failed' ? '30003' : '',
  fault: '',
  provider: 'twilio',
  channel: 'sms',
  purpose: 'sign_in',
  sentAt,
  ...failure,
});

/** What `recordReceipt` answers for a message of sign-in `at`. */
const recorded = (state: DeliveryStatus['state'], changed: boolean, at: ChallengeRef = ref(), failure: Partial<DeliveryStatus> = {}): RecordReceiptResult => ({
  status: 'recorded',
  ref: at,
  delivery: delivery(state, failure),
  changed,
});

/** Every order of `items`. */
const orders = <T>(items: readonly T[]): T[][] => (items.length <= 1 ? [[...items]] : items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])));

const deliveryAt = async (store: OtpStore, now: number, at = ref()) => (await store.inspect({ ...at, now })).delivery;

/**
 * The `deliveryReceipts` feature: `trackDelivery` and `recordReceipt`, and what the tracked delivery
 * changes in `inspect` and `reserveSend`. A delivery belongs to the sign-in's current code; the
 * worst state over the message's parts wins.
 */
export function deliveryCases({ it, expect }: Cases<ReceiptStore>): void {
  it('tracks a message of one part or more only for the current code of a sign-in that goes on, every part accepted from then', async (store) => {
    await store.reserveSend(send());
    await store.trackDelivery(track('hash-0'));
    await store.trackDelivery(track('hash-1', []));
    expect(await deliveryAt(store, NOW)).toBe(undefined);
    expect(await store.recordReceipt(receipt('m1', 'delivered'))).toEqual({ status: 'unknown' });
    await store.trackDelivery(track('hash-1', PARTS, { now: NOW + 1000 }));
    const status = { ended: false, sends: 1, lastSentAt: NOW, codeUsable: true, attemptsLeft: 2, lockedForMs: 0, held: false };
    expect(await store.inspect({ ...ref(), now: NOW + 1000 })).toEqual({ ...status, delivery: delivery('accepted', {}, NOW + 1000) });
    // No sign-in, one that ended, one that lapsed: nothing is tracked.
    await store.trackDelivery(track('hash-1', ['x2'], ref('c2')));
    await store.reserveSend(send(ref('c3')));
    await store.end({ ...ref('c3'), now: NOW, ttlMs: 600_000 });
    await store.trackDelivery(track('hash-1', ['x3'], ref('c3')));
    await store.reserveSend(send(ref('c4')));
    await store.trackDelivery(track('hash-1', ['x4'], { ...ref('c4'), now: NOW + 600_000 }));
    for (const id of ['x2', 'x3', 'x4']) expect(await store.recordReceipt(receipt(id, 'failed'))).toEqual({ status: 'unknown' });
  });

  it('answers the worst state over the parts in every order of their receipts: a late delivered never hides a failed part', async (store) => {
    for (const [i, order] of orders([0, 1, 2]).entries()) {
      const at = ref(`o${i}`);
      const parts = PARTS.map((part) => `${at.challengeId}-${part}`);
      await store.reserveSend(send(at));
      await store.trackDelivery(track('hash-1', parts, at));
      // The middle part fails; the other two are delivered.
      const answers = [];
      for (const part of order) answers.push(await store.recordReceipt(receipt(parts[part], part === 1 ? 'failed' : 'delivered')));
      answers.push(await store.recordReceipt(receipt(parts[1], 'delivered')));
      const failedBy = (k: number) => order.slice(0, k + 1).includes(1);
      expect(answers).toEqual([...order.map((part, k) => recorded(failedBy(k) ? 'failed' : 'accepted', part === 1, at)), recorded('failed', false, at)]);
      expect(await deliveryAt(store, NOW, at)).toEqual(delivery('failed'));
    }
  });

  it('moves each part on from accepted, never back, and reads the first failed part of the message once one fails', async (store) => {
    await store.reserveSend(send());
    await store.trackDelivery(track('hash-1'));
    expect(await store.recordReceipt(receipt('m1', 'delivered'))).toEqual(recorded('accepted', false));
    expect(await store.recordReceipt(receipt('m2', 'delivered'))).toEqual(recorded('accepted', false));
    expect(await store.recordReceipt(receipt('m3', 'accepted'))).toEqual(recorded('accepted', false));
    expect(await store.recordReceipt(receipt('m3', 'delivered'))).toEqual(recorded('delivered', true));
    expect(await store.recordReceipt(receipt('m1', 'accepted'))).toEqual(recorded('delivered', false));
    expect(await store.recordReceipt(receipt('m3', 'failed', { code: '30007' }))).toEqual(recorded('failed', true, ref(), { code: '30007' }));
    // A failed part stays as its first failure said; an earlier part of the message that fails is the one read.
    expect(await store.recordReceipt(receipt('m3', 'failed', { code: '30008' }))).toEqual(recorded('failed', false, ref(), { code: '30007' }));
    expect(await store.recordReceipt(receipt('m2', 'failed', { code: '30006', fault: 'recipient' }))).toEqual(recorded('failed', false, ref(), { code: '30006', fault: 'recipient' }));
    expect(await deliveryAt(store, NOW)).toEqual(delivery('failed', { code: '30006', fault: 'recipient' }));
  });

  it('answers unknown for a message id no sign-in tracked, or once its time to live is over', async (store) => {
    await store.reserveSend(send());
    await store.trackDelivery(track('hash-1', ['m1'], { ttlMs: 60_000 }));
    expect(await store.recordReceipt(receipt('m9', 'delivered'))).toEqual({ status: 'unknown' });
    expect(await store.recordReceipt(receipt('m1', 'delivered', { now: NOW + 59_000 }))).toEqual(recorded('delivered', true));
    expect(await store.recordReceipt(receipt('m1', 'failed', { now: NOW + 60_000 }))).toEqual({ status: 'unknown' });
  });

  it('answers ended, changing nothing, once the sign-in was verified, ended or lapsed', async (store) => {
    await store.reserveSend(send());
    await store.trackDelivery(track('hash-1', ['m1']));
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'verified' });
    expect(await store.recordReceipt(receipt('m1', 'failed'))).toEqual({ status: 'ended' });
    expect(await store.inspect({ ...ref(), now: NOW })).toEqual({ ended: true, sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0, lockedForMs: 0, held: false });
    await store.reserveSend(send(ref('c2')));
    await store.trackDelivery(track('hash-1', ['m2'], ref('c2')));
    await store.end({ ...ref('c2'), now: NOW, ttlMs: 600_000 });
    expect(await store.recordReceipt(receipt('m2', 'delivered'))).toEqual({ status: 'ended' });
    // The id outlives its sign-in by a second.
    await store.reserveSend(send(ref('c3')));
    await store.trackDelivery(track('hash-1', ['m3'], { ...ref('c3'), now: NOW + 1000 }));
    expect(await store.recordReceipt(receipt('m3', 'failed', { now: NOW + 600_000 }))).toEqual({ status: 'ended' });
    expect(await deliveryAt(store, NOW + 600_000, ref('c3'))).toBe(undefined);
    expect(await store.recordReceipt(receipt('m3', 'failed', { now: NOW + 601_000 }))).toEqual({ status: 'unknown' });
  });

  it("answers ended for the previous code's message after a resend, leaving the new code's delivery as it is", async (store) => {
    await store.reserveSend(send({ maxSends: 3 }));
    await store.trackDelivery(track('hash-1', ['m1']));
    await store.reserveSend(send({ maxSends: 3, now: NOW + 30_000, code: code('hash-2') }));
    expect(await deliveryAt(store, NOW + 30_000)).toBe(undefined);
    expect(await store.recordReceipt(receipt('m1', 'failed', { now: NOW + 31_000 }))).toEqual({ status: 'ended' });
    expect(await deliveryAt(store, NOW + 31_000)).toBe(undefined);
    // The old message's failure waives nothing for the new code.
    expect(await store.reserveSend(send({ maxSends: 3, now: NOW + 35_000, code: code('hash-3') }))).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 25_000 });
    await store.trackDelivery(track('hash-2', ['m2'], { now: NOW + 36_000 }));
    expect(await store.recordReceipt(receipt('m1', 'delivered', { now: NOW + 37_000 }))).toEqual({ status: 'ended' });
    expect(await deliveryAt(store, NOW + 37_000)).toEqual(delivery('accepted', {}, NOW + 36_000));
    expect(await store.recordReceipt(receipt('m2', 'delivered', { now: NOW + 38_000 }))).toEqual({ ...recorded('delivered', true), delivery: delivery('delivered', {}, NOW + 36_000) });
  });

  it("waives the cooldown once the current code's message failed, not while it is accepted or delivered", async (store) => {
    const resend = (now: number, hash: string) => store.reserveSend(send({ maxSends: 5, now, code: code(hash) }));
    await resend(NOW, 'hash-1');
    await store.trackDelivery(track('hash-1', ['m1', 'm2']));
    expect(await resend(NOW + 5000, 'hash-2')).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 25_000 });
    await store.recordReceipt(receipt('m1', 'delivered'));
    expect(await resend(NOW + 6000, 'hash-2')).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 24_000 });
    await store.recordReceipt(receipt('m2', 'failed'));
    expect(await resend(NOW + 7000, 'hash-2')).toEqual({ granted: true, first: false });
    // The new code's own cooldown runs from its send.
    expect(await resend(NOW + 8000, 'hash-3')).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 29_000 });
    await store.trackDelivery(track('hash-2', ['m3'], { now: NOW + 8000 }));
    await store.recordReceipt(receipt('m3', 'delivered', { now: NOW + 9000 }));
    expect(await resend(NOW + 9000, 'hash-3')).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 28_000 });
  });

  it('waives only the cooldown: an ended sign-in, firstOnly, the send limit, the quota, a lock and a hold still refuse', async (store) => {
    const failedSend = async (request: Parameters<ReceiptStore['reserveSend']>[0], hash = 'hash-1') => {
      await store.reserveSend(request);
      await store.trackDelivery(track(hash, [`${request.challengeId}-m`], { ...ref(request.challengeId, request.userId), now: request.now }));
      expect(await store.recordReceipt(receipt(`${request.challengeId}-m`, 'failed', { now: request.now }))).toMatchObject({ status: 'recorded' });
    };
    const userQuota = { max: 1, windowMs: 3_600_000 };
    await failedSend(send(ref('c1')));
    expect(await store.reserveSend(send({ ...ref('c1'), firstOnly: true, now: NOW + 1000 }))).toEqual({ granted: false, reason: 'sent', retryAfterMs: 0 });
    await failedSend(send({ ...ref('c2'), maxSends: 1 }));
    expect(await store.reserveSend(send({ ...ref('c2'), maxSends: 1, now: NOW + 1000 }))).toEqual({ granted: false, reason: 'limit', retryAfterMs: 0 });
    await failedSend(send({ ...ref('c3', 'user-b'), userQuota }));
    expect(await store.reserveSend(send({ ...ref('c3', 'user-b'), userQuota, now: NOW + 1000 }))).toEqual({ granted: false, reason: 'quota_user', retryAfterMs: 3_599_000 });
    await failedSend(send({ ...ref('c4', 'user-c'), code: code('right', 5) }), 'right');
    for (let i = 0; i < lockout.maxFailures; i += 1) await store.verify(verify('x', ref('c4', 'user-c')));
    expect(await store.reserveSend(send({ ...ref('c4', 'user-c'), now: NOW + 1000 }))).toEqual({ granted: false, reason: 'locked', retryAfterMs: lockout.durationMs - 1000 });
    await failedSend(send(ref('c5', 'user-d')));
    await store.end({ ...ref('c5', 'user-d'), now: NOW, ttlMs: 600_000 });
    expect(await store.reserveSend(send({ ...ref('c5', 'user-d'), now: NOW + 1000 }))).toEqual({ granted: false, reason: 'ended', retryAfterMs: 0 });
    const { now, challengeId } = await holdUser(store, NOW + 1000);
    await store.trackDelivery(track('right', ['hold-m'], { ...ref(challengeId), now }));
    expect(await store.recordReceipt(receipt('hold-m', 'failed', { now }))).toMatchObject({ status: 'recorded', delivery: { state: 'failed' } });
    expect(await store.reserveSend(send({ ...ref(challengeId), now: now + 1000 }))).toEqual({ granted: false, reason: 'held', retryAfterMs: 0 });
  });

  it("brings the previous code's delivery back when a send is rolled back: the rolled back one was never tracked", async (store) => {
    await store.reserveSend(send());
    await store.trackDelivery(track('hash-1', ['m1']));
    await store.recordReceipt(receipt('m1', 'failed'));
    expect(await store.reserveSend(send({ now: NOW + 1000, code: code('hash-2') }))).toEqual({ granted: true, first: false });
    expect(await deliveryAt(store, NOW + 1000)).toBe(undefined);
    await store.releaseSend({ ...ref(), now: NOW + 1000, hash: 'hash-2', refundUserQuota: false });
    expect(await deliveryAt(store, NOW + 1000)).toEqual(delivery('failed'));
    expect(await store.recordReceipt(receipt('m1', 'delivered', { now: NOW + 2000 }))).toEqual(recorded('failed', false));
  });
}

/** Receipts for the parts of one message, in parallel, with the calls split between the instances. */
export function deliveryRaceCases({ it, expect }: Cases<readonly ReceiptStore[]>): void {
  const on = (stores: readonly ReceiptStore[], i: number) => stores[i % stores.length];
  const changedTo = (state: DeliveryStatus['state']) => (answer: RecordReceiptResult) => answer.status === 'recorded' && answer.changed && answer.delivery.state === state;

  it('records 12 parallel receipts for the 3 parts of a message: delivered, in one change', async (stores) => {
    await stores[0].reserveSend(send());
    await stores[0].trackDelivery(track('hash-1'));
    const answers = await inParallel(12, (i) => on(stores, i).recordReceipt(receipt(PARTS[i % 3], i < 9 ? 'delivered' : 'accepted')));
    expect(countOf(answers, (answer) => answer.status === 'recorded')).toBe(12);
    expect(countOf(answers, (answer) => answer.status === 'recorded' && answer.changed)).toBe(1);
    expect(countOf(answers, changedTo('delivered'))).toBe(1);
    expect(await deliveryAt(stores[0], NOW)).toEqual(delivery('delivered'));
  });

  it('records 12 parallel receipts with one failed part: failed, in one change, after at most one change to delivered', async (stores) => {
    await stores[0].reserveSend(send());
    await stores[0].trackDelivery(track('hash-1'));
    const answers = await inParallel(12, (i) => on(stores, i).recordReceipt(receipt(PARTS[i % 3], i === 7 ? 'failed' : 'delivered')));
    expect(countOf(answers, changedTo('failed'))).toBe(1);
    expect(countOf(answers, changedTo('delivered')) <= 1).toBe(true);
    expect(countOf(answers, (answer) => answer.status === 'recorded' && answer.changed && answer.delivery.state === 'accepted')).toBe(0);
    expect(await deliveryAt(stores[0], NOW)).toEqual(delivery('failed'));
  });

  it('keeps no delivery for a code that a parallel resend replaced', async (stores) => {
    await stores[0].reserveSend(send({ cooldownMs: 0 }));
    await Promise.all([on(stores, 1).trackDelivery(track('hash-1', ['m1'])), on(stores, 0).reserveSend(send({ cooldownMs: 0, code: code('hash-2') }))]);
    expect(await deliveryAt(stores[0], NOW)).toBe(undefined);
    const answer = await on(stores, 1).recordReceipt(receipt('m1', 'failed'));
    expect(answer.status === 'unknown' || answer.status === 'ended').toBe(true);
  });
}
