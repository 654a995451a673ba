import type { OtpStore } from '../OtpStore';
import type { Cases } from './Cases';
import { NOW, ref, send, verify } from './requests';

/** `end`, `inspect` and lapsing: a sign-in that ended stays ended; one that lapsed by the app's clock is gone. */
export function lifecycleCases({ it, expect }: Cases<OtpStore>): void {
  it('ends a sign-in for good: a marker outlives it for ttlMs, then it lapses', async (store) => {
    await store.reserveSend(send());
    await store.end({ ...ref(), now: NOW, ttlMs: 600_000 });
    expect(await store.reserveSend(send({ now: NOW + 599_000 }))).toMatchObject({ granted: false, reason: 'ended' });
    expect(await store.verify(verify('hash-1', { now: NOW + 599_000 }))).toEqual({ status: 'ended' });
    expect((await store.inspect({ ...ref(), now: NOW + 600_000 })).ended).toBe(false);
  });

  it('reports an ended sign-in to inspect with nothing else', async (store) => {
    await store.reserveSend(send());
    await store.end({ ...ref(), now: NOW, ttlMs: 600_000 });
    expect(await store.inspect({ ...ref(), now: NOW })).toEqual({ ended: true, sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0, lockedForMs: 0, held: false });
  });

  it('changes nothing when it inspects a sign-in that lapsed', async (store) => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW + 600_000 })).toMatchObject({ sends: 0, codeUsable: false });
    expect(await store.inspect({ ...ref(), now: NOW + 1000 })).toMatchObject({ sends: 1, codeUsable: true });
  });

  it('lets a sign-in lapse by the app clock', async (store) => {
    await store.reserveSend(send());
    expect(await store.inspect({ ...ref(), now: NOW + 600_000 })).toMatchObject({ sends: 0, codeUsable: false });
    expect(await store.verify(verify('hash-1', { now: NOW + 600_000 }))).toEqual({ status: 'none' });
  });
}
