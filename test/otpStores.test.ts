import { createClient } from 'redis';
import { InvalidOptionError, OtpStoreUnavailableError } from '../lib';
import { MemoryOtpStore, RedisOtpStore, type OtpStore, type SendRequest, type VerifyRequest } from '../lib/store';
import { backends } from './support/backends';

const NOW = 1_800_000_000_000;
const lockout = { maxFailures: 3, durationMs: 900_000, failureWindowMs: 86_400_000 };
const ref = (challengeId = 'c1', userId = 'user-a') => ({ challengeId, userId });
const code = (hash: string, maxAttempts = 2) => ({ hash, expiresAt: NOW + 300_000, maxAttempts });
const send = (overrides: Partial<SendRequest> = {}): SendRequest => ({
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
const verify = (hash: string, overrides: Partial<VerifyRequest> = {}): VerifyRequest => ({ ...ref(), now: NOW, hash, lockout, endedTtlMs: 600_000, ...overrides });

describe.each(backends('otpStores'))('the $name OtpStore', (backend) => {
  afterAll(() => backend.close());
  let store: OtpStore;
  beforeEach(async () => {
    store = (await backend.open()).otpStore;
  });

  it('grants the first send, then refuses a second first send, within the cooldown and past the limit', async () => {
    expect(await store.reserveSend(send())).toEqual({ granted: true, first: true });
    expect(await store.reserveSend(send({ firstOnly: true }))).toEqual({ granted: false, reason: 'sent', retryAfterMs: 0 });
    expect(await store.reserveSend(send({ now: NOW + 10_000 }))).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 20_000 });
    expect(await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }))).toEqual({ granted: true, first: false });
    expect(await store.reserveSend(send({ now: NOW + 90_000 }))).toEqual({ granted: false, reason: 'limit', retryAfterMs: 0 });
  });

  it('keeps the code a granted send carries, replacing the previous one', async () => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW })).toEqual({ ended: false, sends: 1, lastSentAt: NOW, codeUsable: true, attemptsLeft: 2, lockedForMs: 0 });
    await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }));
    expect(await store.verify(verify('hash-1', { now: NOW + 30_000 }))).toMatchObject({ status: 'wrong' });
    expect(await store.verify(verify('hash-2', { now: NOW + 30_000 }))).toEqual({ status: 'verified' });
  });

  it('rolls a released send back to the previous code, cooldown and count', async () => {
    await store.reserveSend(send());
    await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }));
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-2', refundUserQuota: false });
    expect(await store.inspect({ ...ref(), now: NOW + 30_000 })).toMatchObject({ sends: 1, lastSentAt: NOW, codeUsable: true });
    expect(await store.verify(verify('hash-1', { now: NOW + 30_000 }))).toEqual({ status: 'verified' });
  });

  it('counts the user quota only for granted sends, and gives it back on release when asked', async () => {
    const userQuota = { max: 1, windowMs: 3_600_000 };
    expect(await store.reserveSend(send({ userQuota, firstOnly: true }))).toMatchObject({ granted: true });
    // Refused by the sign-in's own rule: the quota is not touched.
    expect(await store.reserveSend(send({ userQuota, firstOnly: true }))).toMatchObject({ reason: 'sent' });
    const other = ref('c2');
    expect(await store.reserveSend(send({ ...other, userQuota }))).toEqual({ granted: false, reason: 'quota_user', retryAfterMs: 3_600_000 });
    await store.releaseSend({ ...ref(), now: NOW, hash: 'hash-1', refundUserQuota: true });
    expect(await store.reserveSend(send({ ...other, userQuota }))).toEqual({ granted: true, first: true });
    // A new window by the app's clock.
    expect(await store.reserveSend(send({ ...ref('c3'), userQuota, now: NOW + 3_600_000 }))).toMatchObject({ granted: true });
  });

  it('keeps quotas per subject, within a window of the app clock, with points given back', async () => {
    const quota = { subject: 'n:abc', now: NOW, max: 2, windowMs: 60_000 };
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota({ ...quota, now: NOW + 15_000 })).toEqual({ granted: false, retryAfterMs: 45_000 });
    expect(await store.takeQuota({ ...quota, subject: 'i:abc' })).toEqual({ granted: true });
    await store.returnQuota(quota);
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota({ ...quota, now: NOW + 60_000 })).toEqual({ granted: true });
  });

  it('verifies a code once: the sign-in then reports ended to every step', async () => {
    await store.reserveSend(send());
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'verified' });
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'ended' });
    expect(await store.reserveSend(send({ now: NOW + 60_000 }))).toEqual({ granted: false, reason: 'ended', retryAfterMs: 0 });
    expect((await store.inspect({ ...ref(), now: NOW })).ended).toBe(true);
  });

  it('counts wrong codes, tells an exhausted code from an expired one, and compares nothing then', async () => {
    await store.reserveSend(send());
    expect(await store.verify(verify('x'))).toEqual({ status: 'wrong', attemptsLeft: 1, lockedForMs: 0 });
    expect(await store.verify(verify('x'))).toEqual({ status: 'wrong', attemptsLeft: 0, lockedForMs: 0 });
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'exhausted' });
    await store.reserveSend(send({ ...ref('c2', 'user-b') }));
    expect(await store.verify(verify('hash-1', { ...ref('c2', 'user-b'), now: NOW + 300_000 }))).toEqual({ status: 'expired' });
    expect(await store.verify(verify('hash-1', ref('c3')))).toEqual({ status: 'none' });
  });

  it('locks the user at maxFailures across sign-ins, for the full duration, refusing sends and attempts', async () => {
    for (const id of ['c1', 'c2']) await store.reserveSend(send({ ...ref(id), code: code('right', 5) }));
    expect(await store.verify(verify('x', ref('c1')))).toMatchObject({ status: 'wrong', lockedForMs: 0 });
    expect(await store.verify(verify('x', ref('c2')))).toMatchObject({ status: 'wrong', lockedForMs: 0 });
    expect(await store.verify(verify('x', ref('c1')))).toEqual({ status: 'wrong', attemptsLeft: 3, lockedForMs: 900_000 });
    expect(await store.verify(verify('right', { ...ref('c2'), now: NOW + 1_000 }))).toEqual({ status: 'locked', retryAfterMs: 899_000 });
    expect(await store.reserveSend(send({ ...ref('c9'), now: NOW + 1_000 }))).toEqual({ granted: false, reason: 'locked', retryAfterMs: 899_000 });
    expect((await store.inspect({ ...ref('c2'), now: NOW + 1_000 })).lockedForMs).toBe(899_000);
    // Another user is not affected, and the lock ends on time.
    expect(await store.reserveSend(send({ ...ref('c9', 'user-b') }))).toMatchObject({ granted: true });
    expect(await store.reserveSend(send({ ...ref('c9'), now: NOW + 900_000 }))).toMatchObject({ granted: true });
  });

  it('forgets wrong codes after the failure window, and after a right code', async () => {
    for (const id of ['c1', 'c2', 'c3']) await store.reserveSend(send({ ...ref(id), code: code('right', 5), ttlMs: 86_400_000 * 2 }));
    const later = { now: NOW + 86_400_000 };
    const fresh = { code: { hash: 'right', expiresAt: later.now + 300_000, maxAttempts: 5 } };
    await store.verify(verify('x', ref('c1')));
    await store.verify(verify('x', ref('c1')));
    await store.reserveSend(send({ ...ref('c2'), ...later, ...fresh }));
    expect(await store.verify(verify('x', { ...ref('c2'), ...later }))).toMatchObject({ lockedForMs: 0 });
    await store.verify(verify('x', { ...ref('c2'), ...later }));
    expect(await store.verify(verify('right', { ...ref('c2'), ...later }))).toEqual({ status: 'verified' });
    await store.reserveSend(send({ ...ref('c3'), ...later, ...fresh }));
    expect(await store.verify(verify('x', { ...ref('c3'), ...later }))).toMatchObject({ lockedForMs: 0 });
    expect(await store.verify(verify('x', { ...ref('c3'), ...later }))).toMatchObject({ lockedForMs: 0 });
  });

  it('compares at most maxFailures of 40 parallel wrong guesses across 8 sign-ins of one user', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
    for (const id of ids) await store.reserveSend(send({ ...ref(id), code: code('right', 5) }));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.verify(verify('x', ref(ids[i % 8])))));
    expect(results.filter((result) => result.status === 'wrong')).toHaveLength(lockout.maxFailures);
    expect(results.filter((result) => result.status === 'wrong' && result.lockedForMs > 0)).toHaveLength(1);
    expect(results.filter((result) => result.status === 'locked')).toHaveLength(40 - lockout.maxFailures);
  });

  it('ends a sign-in for good: a marker outlives it for ttlMs, then it lapses', async () => {
    await store.reserveSend(send());
    await store.end({ ...ref(), now: NOW, ttlMs: 600_000 });
    expect(await store.reserveSend(send({ now: NOW + 599_000 }))).toMatchObject({ granted: false, reason: 'ended' });
    expect(await store.verify(verify('hash-1', { now: NOW + 599_000 }))).toEqual({ status: 'ended' });
    expect((await store.inspect({ ...ref(), now: NOW + 600_000 })).ended).toBe(false);
  });

  it('trusts a remembered device only for its user, its number and its time, and forgets it on request', async () => {
    const device = { userId: 'user-a', deviceId: 'd1', numberId: 'n1', now: NOW, maxAgeMs: 86_400_000 };
    await store.rememberDevice({ ...device, expiresAt: NOW + 86_400_000 });
    await store.rememberDevice({ ...device, deviceId: 'd2', expiresAt: NOW + 86_400_000 });
    expect(await store.checkDevice(device)).toBe('trusted');
    expect(await store.checkDevice({ ...device, userId: 'user-b' })).toBe('unknown');
    expect(await store.checkDevice({ ...device, deviceId: 'd3' })).toBe('unknown');
    expect(await store.checkDevice({ ...device, deviceId: 'd2', numberId: 'n2' })).toBe('stale');
    expect(await store.checkDevice({ ...device, deviceId: 'd2' })).toBe('unknown');
    expect(await store.checkDevice({ ...device, now: NOW + 86_400_000 })).toBe('stale');
    expect(await store.checkDevice(device)).toBe('unknown');
    await store.rememberDevice({ ...device, expiresAt: NOW + 86_400_000 });
    await store.forgetDevices({ userId: 'user-a' });
    expect(await store.checkDevice(device)).toBe('stale');
    expect(await store.checkDevice(device)).toBe('unknown');
  });

  it('trusts a device only within the maxAgeMs it is checked with, from when it was remembered', async () => {
    const device = { userId: 'user-a', deviceId: 'd1', numberId: 'n1', now: NOW };
    await store.rememberDevice({ ...device, expiresAt: NOW + 365 * 86_400_000 });
    expect(await store.checkDevice({ ...device, now: NOW + 86_399_000, maxAgeMs: 86_400_000 })).toBe('trusted');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * 86_400_000, maxAgeMs: 365 * 86_400_000 })).toBe('trusted');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * 86_400_000, maxAgeMs: 86_400_000 })).toBe('stale');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * 86_400_000, maxAgeMs: 365 * 86_400_000 })).toBe('unknown');
  });

  it('changes nothing when it inspects a sign-in that lapsed', async () => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW + 600_000 })).toMatchObject({ sends: 0, codeUsable: false });
    expect(await store.inspect({ ...ref(), now: NOW + 1000 })).toMatchObject({ sends: 1, codeUsable: true });
  });

  it('lets a sign-in lapse by the app clock', async () => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW + 600_000 })).toMatchObject({ sends: 0, codeUsable: false });
    expect(await store.verify(verify('hash-1', { now: NOW + 600_000 }))).toEqual({ status: 'none' });
  });
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
