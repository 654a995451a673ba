import { createClient } from 'redis';
import { InvalidOptionError, OtpStoreUnavailableError } from '../lib';
import { MemoryOtpStore, RedisOtpStore, type DeliveryStore, type GroupSendRequest, type OtpStore, type TrackDeliveryRequest } from '../lib/store';
import { describeOtpStore } from '../lib/store/testing';
import { code, NOW, ref, send, verify } from '../lib/store/testing/requests';
import { guessAt, holdRule, holdUser, sendAt } from '../lib/store/testing/userLocks';
import { backends } from './support/backends';
import { storeContractRun } from './support/otpStoreContract';
import { uniquePrefix, useRedisClient } from './support/redis';

describe.each(backends('otpStores'))('the $name backend', (backend) => {
  afterAll(() => backend.close());
  const { makeStore, options } = storeContractRun(backend);
  describeOtpStore('OtpStore contract', makeStore, { describe, it, expect }, options);

  // Beyond the contract (a provider never gives one id to two messages): the code hash an id was tracked with decides.
  it('leads a message id tracked again to its latest message only: once that code is rolled back, its receipt is ended', async () => {
    const store = (await backend.open()).otpStore as OtpStore & DeliveryStore;
    await store.reserveSend(send({ maxSends: 3 }));
    await store.trackDelivery(tracked('hash-1', ['m1', 'm2']));
    await store.reserveSend(send({ maxSends: 3, now: NOW + 30_000, code: code('hash-2') }));
    await store.trackDelivery(tracked('hash-2', ['m1'], NOW + 30_000));
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-2', refundUserQuota: false });
    expect(await store.recordReceipt({ now: NOW + 31_000, messageId: 'm1', state: 'failed', code: '30003', fault: '' })).toEqual({ status: 'ended' });
    expect(await store.recordReceipt({ now: NOW + 31_000, messageId: 'm2', state: 'delivered', code: '', fault: '' })).toMatchObject({ status: 'recorded', delivery: { state: 'accepted' } });
  });
});

/** The message of code `hash` of sign-in `c1` of `user-a`, tracked for 10 minutes. */
const tracked = (hash: string, messageIds: string[], now = NOW): TrackDeliveryRequest => ({ ...ref(), now, hash, provider: 'twilio', channel: 'sms', purpose: 'sign_in', messageIds, ttlMs: 600_000 });

describe('RedisOtpStore', () => {
  it('wants a Redis client', () => {
    expect(() => new RedisOtpStore({ client: {} })).toThrow(InvalidOptionError);
  });

  it('rejects with OtpStoreUnavailableError while its client is not connected', async () => {
    const store = new RedisOtpStore({ client: createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }), timeoutMs: 50 });
    await expect(store.verify(verify('x'))).rejects.toBeInstanceOf(OtpStoreUnavailableError);
    await expect(store.takeQuota({ subject: 'n:x', now: NOW, max: 1, windowMs: 1000 })).rejects.toBeInstanceOf(OtpStoreUnavailableError);
  });
});

describe("RedisOtpStore's lock key", () => {
  const prefix = uniquePrefix('otpStores:lockKey');
  const redis = useRedisClient(prefix);
  let scenario = 0;

  /** A store under a prefix of its own, and the key of user-a's lock there. */
  const open = () => {
    scenario += 1;
    const scenarioPrefix = `${prefix}${scenario}:`;
    return { store: new RedisOtpStore({ client: redis.client, prefix: scenarioPrefix }), lockKey: `${scenarioPrefix}{u:user-a}:lock` };
  };

  it('has no expiry while it holds wrong codes, through a lock, until a right code deletes it', async () => {
    const { store, lockKey } = open();
    await sendAt(store, 'c1', NOW);
    await guessAt(store, 'c1', NOW);
    expect(await redis.client.hGet(lockKey, 'consecutive')).toBe('1');
    expect(await redis.client.pTTL(lockKey)).toBe(-1);
    for (let i = 1; i < holdRule.maxFailures; i += 1) await guessAt(store, 'c1', NOW);
    expect(Number(await redis.client.hGet(lockKey, 'lockedUntil'))).toBe(NOW + holdRule.durationMs);
    expect(await redis.client.pTTL(lockKey)).toBe(-1);
    await sendAt(store, 'c2', NOW + holdRule.durationMs);
    expect(await guessAt(store, 'c2', NOW + holdRule.durationMs, 'right')).toEqual({ status: 'verified' });
    expect(await redis.client.exists(lockKey)).toBe(0);
  });

  it('has no expiry while the user is held, until unlock deletes it', async () => {
    const { store, lockKey } = open();
    const { now } = await holdUser(store, NOW);
    expect(await redis.client.hGet(lockKey, 'held')).toBe('1');
    expect(await redis.client.pTTL(lockKey)).toBe(-1);
    expect(await store.unlock({ userId: 'user-a', now })).toEqual({ released: 'hold' });
    expect(await redis.client.exists(lockKey)).toBe(0);
  });

  it('loses the expiry a lock key of an earlier version had, at its next wrong code', async () => {
    const { store, lockKey } = open();
    await redis.client.hSet(lockKey, { failures: 1, windowEndsAt: NOW + 60_000 });
    await redis.client.pExpire(lockKey, 60_000);
    await sendAt(store, 'c1', NOW);
    expect(await guessAt(store, 'c1', NOW)).toMatchObject({ status: 'wrong', lockedForMs: 0 });
    expect(await redis.client.pTTL(lockKey)).toBe(-1);
    expect(await redis.client.hGetAll(lockKey)).toEqual({ failures: '2', windowEndsAt: String(NOW + 60_000), consecutive: '1' });
  });
});

describe("RedisOtpStore's delivery keys", () => {
  const prefix = uniquePrefix('otpStores:deliveryKeys');
  const redis = useRedisClient(prefix);

  it('keeps each message id in a slot of its own for ttlMs, and the delivery in the sign-in, which ends with it', async () => {
    const store = new RedisOtpStore({ client: redis.client, prefix });
    const signIn = `${prefix}{u:user-a}:c:c1`;
    await store.reserveSend(send());
    await store.trackDelivery(tracked('hash-1', ['m1', 'm2']));
    const keys = [signIn, `${prefix}{m:m1}:message`, `${prefix}{m:m2}:message`];
    expect((await redis.client.keys(`${prefix}*`)).sort()).toEqual(keys.sort());
    for (const key of keys) expect(await redis.client.pTTL(key)).toBeGreaterThan(590_000);
    expect(await redis.client.hGetAll(`${prefix}{m:m1}:message`)).toEqual({ challengeId: 'c1', userId: 'user-a', hash: 'hash-1', expiresAt: String(NOW + 600_000) });
    const parts = ['m1', 'm2'].map((id) => ({ id, state: 'accepted', code: '', fault: '' }));
    expect(JSON.parse((await redis.client.hGet(signIn, 'delivery')) ?? 'null')).toEqual({ provider: 'twilio', channel: 'sms', purpose: 'sign_in', sentAt: String(NOW), parts });
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'verified' });
    expect(await redis.client.hGetAll(signIn)).toEqual({ ended: '1', expiresAt: String(NOW + 600_000) });
  });
});

describe("RedisOtpStore's group keys", () => {
  const prefix = uniquePrefix('otpStores:groupKeys');
  const redis = useRedisClient(prefix);
  const group = (name: string, now: number, overrides: Partial<GroupSendRequest> = {}): GroupSendRequest => ({
    group: name,
    now,
    windowMs: 3_600_000,
    bucketMs: 60_000,
    maxSends: 1,
    conversion: undefined,
    ...overrides,
  });
  const ttl = async (key: string) => Math.ceil((await redis.client.pTTL(key)) / 1000);
  const minute = (now: number) => `s:${Math.floor(now / 60_000)}`;

  it('keeps a group in a slot of its own, a field per minute, until nothing of it counts: its last minute, velocity episode or pause', async () => {
    const store = new RedisOtpStore({ client: redis.client, prefix });
    const key = `${prefix}{p:abc}:group`;
    await store.takeGroupSend(group('p:abc', NOW + 30_000));
    expect(await redis.client.keys(`${prefix}*`)).toEqual([key]);
    expect(await redis.client.hGetAll(key)).toEqual({ [minute(NOW)]: '1', expiresAt: String(NOW + 3_600_000) });
    expect(await ttl(key)).toBe(3570);
    await store.takeGroupSend(group('p:abc', NOW + 40_000));
    expect(await redis.client.hGetAll(key)).toEqual({ [minute(NOW)]: '1', velocityRefusedAt: String(NOW + 40_000), expiresAt: String(NOW + 3_640_000) });
    expect(await ttl(key)).toBe(3600);
    // The minute that left the window is dropped at the next step.
    await store.groupVerified(group('p:abc', NOW + 3_600_000));
    expect(await redis.client.hGetAll(key)).toEqual({ [`v:${Math.floor((NOW + 3_600_000) / 60_000)}`]: '1', velocityRefusedAt: String(NOW + 40_000), expiresAt: String(NOW + 7_200_000) });
    const conversion = { minSends: 1, minRate: 0.5, pauseMs: 7_200_000 };
    await store.takeGroupSend(group('c:de', NOW, { maxSends: 5, conversion }));
    expect(await store.takeGroupSend(group('c:de', NOW + 1000, { maxSends: 5, conversion }))).toMatchObject({ reason: 'conversion' });
    expect(await redis.client.hGet(`${prefix}{c:de}:group`, 'pausedUntil')).toBe(String(NOW + 7_201_000));
    expect(await ttl(`${prefix}{c:de}:group`)).toBe(7200);
  });
});

describe('MemoryOtpStore', () => {
  it('sweeps away lapsed remembered devices, as Redis lets their keys expire', async () => {
    const store = new MemoryOtpStore();
    const later = NOW + 31 * 86_400_000;
    const device = { userId: 'user-a', deviceId: 'd1', numberId: 'n1', now: NOW };
    await store.rememberDevice({ ...device, expiresAt: NOW + 30 * 86_400_000 });
    await store.rememberDevice({ ...device, userId: 'user-b', expiresAt: NOW + 30 * 86_400_000 });
    // The device asked about reads stale once; the sweep of that step drops every other lapsed one.
    expect(await store.checkDevice({ ...device, now: later, maxAgeMs: 365 * 86_400_000 })).toBe('stale');
    expect(await store.checkDevice({ ...device, userId: 'user-b', now: later + 1, maxAgeMs: 365 * 86_400_000 })).toBe('unknown');
  });
});
