import { createClient } from 'redis';
import { InvalidOptionError, OtpStoreUnavailableError, RedisOtpStore } from '../lib';
import { backends } from './support/backends';

const NOW = 1_800_000_000_000;
const rules = { firstOnly: false, cooldownMs: 30_000, maxSends: 2, ttlMs: 600_000, now: NOW };
const code = { hash: 'hash-1', expiresAt: NOW + 300_000, maxAttempts: 2, ttlMs: 600_000, now: NOW };

describe.each(backends('otpStores'))('the $name OtpStore', (backend) => {
  afterAll(() => backend.close());

  it('grants the first send, then refuses within the cooldown and past the limit', async () => {
    const { otpStore: store } = await backend.open();
    expect(await store.reserveSend('c1', rules)).toEqual({ granted: true, first: true, previousSentAt: 0 });
    expect(await store.reserveSend('c1', { ...rules, firstOnly: true })).toEqual({ granted: false, reason: 'sent', retryAfterMs: 0 });
    expect(await store.reserveSend('c1', { ...rules, now: NOW + 10_000 })).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 20_000 });
    expect(await store.reserveSend('c1', { ...rules, now: NOW + 30_000 })).toEqual({ granted: true, first: false, previousSentAt: NOW });
    expect(await store.reserveSend('c1', { ...rules, now: NOW + 90_000 })).toEqual({ granted: false, reason: 'limit', retryAfterMs: 0 });
  });

  it('gives a released send back, cooldown included', async () => {
    const { otpStore: store } = await backend.open();
    const first = await store.reserveSend('c1', rules);
    if (!first.granted) throw new Error('refused');
    await store.releaseSend('c1', first);
    expect(await store.inspect('c1', NOW)).toEqual({ sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0 });
    expect((await store.reserveSend('c1', rules)).granted).toBe(true);
  });

  it('counts attempts exactly, hands back the hash, and consumes a code once', async () => {
    const { otpStore: store } = await backend.open();
    await store.reserveSend('c1', rules);
    await store.saveCode('c1', code);
    expect(await store.inspect('c1', NOW)).toEqual({ sends: 1, lastSentAt: NOW, codeUsable: true, attemptsLeft: 2 });
    expect(await store.takeAttempt('c1', NOW)).toEqual({ status: 'ready', hash: 'hash-1', attemptsLeft: 1 });
    expect(await store.consumeCode('c1', 'other-hash')).toBe(false);
    expect(await store.consumeCode('c1', 'hash-1')).toBe(true);
    expect(await store.consumeCode('c1', 'hash-1')).toBe(false);
    expect(await store.takeAttempt('c1', NOW)).toEqual({ status: 'none' });
  });

  it('tells an exhausted code from an expired one', async () => {
    const { otpStore: store } = await backend.open();
    await store.saveCode('c1', code);
    await store.takeAttempt('c1', NOW);
    await store.takeAttempt('c1', NOW);
    expect(await store.takeAttempt('c1', NOW)).toEqual({ status: 'exhausted' });
    await store.saveCode('c2', code);
    expect(await store.takeAttempt('c2', code.expiresAt)).toEqual({ status: 'expired' });
  });

  it('forgets a sign-in when asked and when its time is up', async () => {
    const { otpStore: store } = await backend.open();
    await store.saveCode('c1', code);
    await store.forget('c1');
    expect(await store.takeAttempt('c1', NOW)).toEqual({ status: 'none' });
    await store.saveCode('c2', code);
    expect((await store.inspect('c2', NOW + 600_000)).codeUsable).toBe(false);
    expect(await store.takeAttempt('c2', NOW + 600_000)).toEqual({ status: 'none' });
  });

  it('shares a limiter between strategies using the same store', async () => {
    const { otpStore: store } = await backend.open();
    const a = store.createLimiter({ keyPrefix: 'shared', points: 2, durationSeconds: 60 });
    const b = store.createLimiter({ keyPrefix: 'shared', points: 2, durationSeconds: 60 });
    expect((await a.consume('k')).allowed).toBe(true);
    expect((await b.consume('k')).allowed).toBe(true);
    const refused = await a.consume('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(58_000);
    await b.reward('k', 2);
    expect((await a.get('k')).consumed).toBe(1);
    await a.block('k', 60);
    expect((await b.get('k')).consumed).toBe(3);
    await b.delete('k');
    expect(await a.get('k')).toEqual({ consumed: 0, retryAfterMs: 0 });
  });
});

describe('RedisOtpStore', () => {
  it('wants a node-redis client', () => {
    expect(() => new RedisOtpStore({ client: {} as never })).toThrow(InvalidOptionError);
  });

  it('rejects with OtpStoreUnavailableError while its client is not connected, limits included', async () => {
    const store = new RedisOtpStore({ client: createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }) });
    await expect(store.takeAttempt('c1', NOW)).rejects.toBeInstanceOf(OtpStoreUnavailableError);
    const limiter = store.createLimiter({ keyPrefix: 'x', points: 1, durationSeconds: 60 });
    await expect(limiter.consume('k')).rejects.toBeInstanceOf(OtpStoreUnavailableError);
    await expect(limiter.get('k')).rejects.toBeInstanceOf(OtpStoreUnavailableError);
  });
});
