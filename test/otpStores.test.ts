import { createClient } from 'redis';
import { InvalidOptionError, OtpStoreUnavailableError } from '../lib';
import { MemoryOtpStore, RedisOtpStore } from '../lib/store';
import { describeOtpStore } from '../lib/store/testing';
import { NOW, verify } from '../lib/store/testing/requests';
import { backends } from './support/backends';
import { storeContractRun } from './support/otpStoreContract';

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
