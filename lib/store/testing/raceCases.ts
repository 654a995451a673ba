import type { OtpStore, SendDecision, VerifyDecision } from '../OtpStore';
import type { Cases } from './Cases';
import { code, countOf, inParallel, lockout, NOW, ref, send, verify } from './requests';

const granted = (decision: SendDecision) => decision.granted;
const status = (name: VerifyDecision['status']) => (decision: VerifyDecision) => decision.status === name;

/**
 * Many calls started together: each method must be one atomic step, so every limit holds however
 * the calls interleave. The calls are split between the instances given (one, or two over one
 * backend).
 */
export function raceCases({ it, expect }: Cases<readonly OtpStore[]>): void {
  const on = (stores: readonly OtpStore[], i: number) => stores[i % stores.length];

  it('grants one of 10 parallel first sends of one sign-in', async (stores) => {
    const sends = await inParallel(10, (i) => on(stores, i).reserveSend(send({ firstOnly: true, code: code(`hash-${i}`) })));
    expect(countOf(sends, granted)).toBe(1);
    expect(countOf(sends, (decision) => !decision.granted && decision.reason === 'sent')).toBe(9);
    // The code kept is the one of the granted send.
    const winner = sends.findIndex(granted);
    expect(await stores[0].verify(verify(`hash-${winner}`))).toEqual({ status: 'verified' });
  });

  it('grants one of 10 parallel resends after the cooldown', async (stores) => {
    await stores[0].reserveSend(send({ maxSends: 5 }));
    const resends = await inParallel(10, (i) => on(stores, i).reserveSend(send({ maxSends: 5, now: NOW + 30_000, code: code(`hash-${i}`) })));
    expect(countOf(resends, granted)).toBe(1);
    expect(countOf(resends, (decision) => !decision.granted && decision.reason === 'cooldown')).toBe(9);
    expect(await stores[0].inspect({ ...ref(), now: NOW + 30_000 })).toMatchObject({ sends: 2 });
  });

  it('grants at most the user quota of 12 parallel first sends across sign-ins', async (stores) => {
    const userQuota = { max: 3, windowMs: 3_600_000 };
    const sends = await inParallel(12, (i) => on(stores, i).reserveSend(send({ ...ref(`c${i}`), userQuota })));
    expect(countOf(sends, granted)).toBe(3);
    expect(countOf(sends, (decision) => !decision.granted && decision.reason === 'quota_user')).toBe(9);
  });

  it('grants at most max of 20 parallel takes of one quota', async (stores) => {
    const takes = await inParallel(20, (i) => on(stores, i).takeQuota({ subject: 'n:abc', now: NOW, max: 5, windowMs: 60_000 }));
    expect(countOf(takes, (decision) => decision.granted)).toBe(5);
  });

  it('verifies the right code once of 10 parallel attempts; the others find the sign-in ended', async (stores) => {
    await stores[0].reserveSend(send({ code: code('right', 5) }));
    const attempts = await inParallel(10, (i) => on(stores, i).verify(verify('right')));
    expect(countOf(attempts, status('verified'))).toBe(1);
    expect(countOf(attempts, status('ended'))).toBe(9);
  });

  it('compares at most maxAttempts of 30 parallel wrong guesses at one code', async (stores) => {
    const noLockout = { ...lockout, maxFailures: 100 };
    await stores[0].reserveSend(send({ code: code('right', 3) }));
    const guesses = await inParallel(30, (i) => on(stores, i).verify(verify('x', { lockout: noLockout })));
    expect(countOf(guesses, status('wrong'))).toBe(3);
    expect(countOf(guesses, status('exhausted'))).toBe(27);
    expect(await stores[0].verify(verify('right', { lockout: noLockout }))).toEqual({ status: 'exhausted' });
  });

  it('compares at most maxFailures of 40 parallel wrong guesses across 8 sign-ins of one user, and locks once', async (stores) => {
    const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
    for (const id of ids) await stores[0].reserveSend(send({ ...ref(id), code: code('right', 5) }));
    const guesses = await inParallel(40, (i) => on(stores, i).verify(verify('x', ref(ids[i % 8]))));
    expect(countOf(guesses, status('wrong'))).toBe(lockout.maxFailures);
    expect(countOf(guesses, (decision) => decision.status === 'wrong' && decision.lockedForMs > 0)).toBe(1);
    expect(countOf(guesses, status('locked'))).toBe(40 - lockout.maxFailures);
  });

  it('never brings back a sign-in that ended while sends and attempts race with its end', async (stores) => {
    await stores[0].reserveSend(send({ maxSends: 20, cooldownMs: 0 }));
    const ending = on(stores, 1).end({ ...ref(), now: NOW, ttlMs: 600_000 });
    await Promise.all([ending, ...Array.from({ length: 10 }, (_, i) => on(stores, i).reserveSend(send({ maxSends: 20, cooldownMs: 0, code: code(`hash-${i}`) })))]);
    expect(await stores[0].inspect({ ...ref(), now: NOW })).toMatchObject({ ended: true, codeUsable: false });
    expect(await on(stores, 1).verify(verify('hash-1'))).toEqual({ status: 'ended' });
  });
}
