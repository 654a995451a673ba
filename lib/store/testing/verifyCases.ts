import type { OtpStore } from '../OtpStore';
import type { Cases } from './Cases';
import { code, DAY, lockout, NOW, ref, send, verify } from './requests';

/** `verify`: one use per code, attempts, expiry, and the user's lockout across sign-ins. */
export function verifyCases({ it, expect }: Cases<OtpStore>): void {
  it('verifies a code once: the sign-in then reports ended to every step', async (store) => {
    await store.reserveSend(send());
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'verified' });
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'ended' });
    expect(await store.reserveSend(send({ now: NOW + 60_000 }))).toEqual({ granted: false, reason: 'ended', retryAfterMs: 0 });
    expect((await store.inspect({ ...ref(), now: NOW })).ended).toBe(true);
  });

  it('counts wrong codes, tells an exhausted code from an expired one, and compares nothing then', async (store) => {
    await store.reserveSend(send());
    expect(await store.verify(verify('x'))).toEqual({ status: 'wrong', attemptsLeft: 1, lockedForMs: 0, held: false });
    expect(await store.verify(verify('x'))).toEqual({ status: 'wrong', attemptsLeft: 0, lockedForMs: 0, held: false });
    expect(await store.verify(verify('hash-1'))).toEqual({ status: 'exhausted' });
    await store.reserveSend(send({ ...ref('c2', 'user-b') }));
    expect(await store.verify(verify('hash-1', { ...ref('c2', 'user-b'), now: NOW + 300_000 }))).toEqual({ status: 'expired' });
    expect(await store.verify(verify('hash-1', ref('c3')))).toEqual({ status: 'none' });
  });

  it('locks the user at maxFailures across sign-ins, for the full duration, refusing sends and attempts', async (store) => {
    for (const id of ['c1', 'c2']) await store.reserveSend(send({ ...ref(id), code: code('right', 5) }));
    expect(await store.verify(verify('x', ref('c1')))).toMatchObject({ status: 'wrong', lockedForMs: 0, held: false });
    expect(await store.verify(verify('x', ref('c2')))).toMatchObject({ status: 'wrong', lockedForMs: 0, held: false });
    expect(await store.verify(verify('x', ref('c1')))).toEqual({ status: 'wrong', attemptsLeft: 3, lockedForMs: lockout.durationMs, held: false });
    expect(await store.verify(verify('right', { ...ref('c2'), now: NOW + 1_000 }))).toEqual({ status: 'locked', retryAfterMs: 899_000 });
    expect(await store.reserveSend(send({ ...ref('c9'), now: NOW + 1_000 }))).toEqual({ granted: false, reason: 'locked', retryAfterMs: 899_000 });
    expect((await store.inspect({ ...ref('c2'), now: NOW + 1_000 })).lockedForMs).toBe(899_000);
    // Another user is not affected, and the lock ends on time.
    expect(await store.reserveSend(send({ ...ref('c9', 'user-b') }))).toMatchObject({ granted: true });
    expect(await store.reserveSend(send({ ...ref('c9'), now: NOW + 900_000 }))).toMatchObject({ granted: true });
  });

  it('starts the count toward a lock over after the failure window, and after a right code', async (store) => {
    for (const id of ['c1', 'c2', 'c3']) await store.reserveSend(send({ ...ref(id), code: code('right', 5), ttlMs: 2 * DAY }));
    const later = { now: NOW + DAY };
    const fresh = { code: { hash: 'right', expiresAt: later.now + 300_000, maxAttempts: 5 } };
    await store.verify(verify('x', ref('c1')));
    await store.verify(verify('x', ref('c1')));
    await store.reserveSend(send({ ...ref('c2'), ...later, ...fresh }));
    expect(await store.verify(verify('x', { ...ref('c2'), ...later }))).toMatchObject({ lockedForMs: 0, held: false });
    await store.verify(verify('x', { ...ref('c2'), ...later }));
    expect(await store.verify(verify('right', { ...ref('c2'), ...later }))).toEqual({ status: 'verified' });
    await store.reserveSend(send({ ...ref('c3'), ...later, ...fresh }));
    expect(await store.verify(verify('x', { ...ref('c3'), ...later }))).toMatchObject({ lockedForMs: 0, held: false });
    expect(await store.verify(verify('x', { ...ref('c3'), ...later }))).toMatchObject({ lockedForMs: 0, held: false });
  });
}
