import { createClient } from 'redis';
import { InvalidOptionError, OtpStoreUnavailableError } from '../lib';
import { MemoryOtpStore, RedisOtpStore } from '../lib/store';
import { describeOtpStore } from '../lib/store/testing';
import { NOW, verify } from '../lib/store/testing/requests';
import { guessAt, holdRule, holdUser, sendAt } from '../lib/store/testing/userLocks';
import { backends } from './support/backends';
import { storeContractRun } from './support/otpStoreContract';
import { uniquePrefix, useRedisClient } from './support/redis';

describe.each(backends('otpStores'))('the $name backend', (backend) => {
  afterAll(() => backend.close());
  const { makeStore, options } = storeContractRun(backend);
  describeOtpStore('OtpStore contract', makeStore, { describe, it, expect }, options);
});

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
