import type { OtpStore } from '../OtpStore';
import type { Cases } from './Cases';
import { code, NOW, ref, send, verify } from './requests';

/** `reserveSend` and `releaseSend`: the first send, resends, their limits, the user's quota, and rolling a send back. */
export function sendCases({ it, expect }: Cases<OtpStore>): void {
  it('grants the first send, then refuses a second first send, within the cooldown and past the limit', async (store) => {
    expect(await store.reserveSend(send())).toEqual({ granted: true, first: true });
    expect(await store.reserveSend(send({ firstOnly: true }))).toEqual({ granted: false, reason: 'sent', retryAfterMs: 0 });
    expect(await store.reserveSend(send({ now: NOW + 10_000 }))).toEqual({ granted: false, reason: 'cooldown', retryAfterMs: 20_000 });
    expect(await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }))).toEqual({ granted: true, first: false });
    expect(await store.reserveSend(send({ now: NOW + 90_000 }))).toEqual({ granted: false, reason: 'limit', retryAfterMs: 0 });
  });

  it('keeps the code a granted send carries, replacing the previous one', async (store) => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW })).toEqual({ ended: false, sends: 1, lastSentAt: NOW, codeUsable: true, attemptsLeft: 2, lockedForMs: 0, held: false });
    await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }));
    expect(await store.verify(verify('hash-1', { now: NOW + 30_000 }))).toMatchObject({ status: 'wrong' });
    expect(await store.verify(verify('hash-2', { now: NOW + 30_000 }))).toEqual({ status: 'verified' });
  });

  it('rolls a released send back to the previous code, cooldown and count', async (store) => {
    await store.reserveSend(send());
    await store.reserveSend(send({ now: NOW + 30_000, code: code('hash-2') }));
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-2', refundUserQuota: false });
    expect(await store.inspect({ ...ref(), now: NOW + 30_000 })).toMatchObject({ sends: 1, lastSentAt: NOW, codeUsable: true });
    expect(await store.verify(verify('hash-1', { now: NOW + 30_000 }))).toEqual({ status: 'verified' });
  });

  it('rolls a send back once: releasing the restored code again gives back only the count', async (store) => {
    await store.reserveSend(send({ maxSends: 3, code: code('hash-1', 3) }));
    expect(await store.verify(verify('x'))).toMatchObject({ status: 'wrong', attemptsLeft: 2 });
    await store.reserveSend(send({ maxSends: 3, now: NOW + 30_000, code: code('hash-2') }));
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-2', refundUserQuota: false });
    expect(await store.verify(verify('x', { now: NOW + 30_000 }))).toMatchObject({ status: 'wrong', attemptsLeft: 1 });
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-1', refundUserQuota: false });
    // The code and its attempts stay as they are: a rollback never hands attempts back.
    expect(await store.inspect({ ...ref(), now: NOW + 30_000 })).toMatchObject({ sends: 0, lastSentAt: NOW, codeUsable: true, attemptsLeft: 1 });
  });

  it('gives back only the count when a later send replaced the released code', async (store) => {
    await store.reserveSend(send({ maxSends: 3 }));
    await store.reserveSend(send({ maxSends: 3, now: NOW + 30_000, code: code('hash-2') }));
    await store.releaseSend({ ...ref(), now: NOW + 30_000, hash: 'hash-1', refundUserQuota: false });
    expect(await store.inspect({ ...ref(), now: NOW + 30_000 })).toMatchObject({ sends: 1, lastSentAt: NOW + 30_000, codeUsable: true });
    expect(await store.verify(verify('hash-2', { now: NOW + 30_000 }))).toEqual({ status: 'verified' });
  });

  it('counts the user quota only for granted sends, and gives it back on release when asked', async (store) => {
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
}
