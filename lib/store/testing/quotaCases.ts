import type { OtpStore } from '../OtpStore';
import type { Cases } from './Cases';
import { NOW } from './requests';

/** `takeQuota` and `returnQuota`: fixed windows per subject, by the app's clock. */
export function quotaCases({ it, expect }: Cases<OtpStore>): void {
  it('keeps quotas per subject, within a window of the app clock, with points given back', async (store) => {
    const quota = { subject: 'n:abc', now: NOW, max: 2, windowMs: 60_000 };
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota({ ...quota, now: NOW + 15_000 })).toEqual({ granted: false, retryAfterMs: 45_000 });
    expect(await store.takeQuota({ ...quota, subject: 'i:abc' })).toEqual({ granted: true });
    await store.returnQuota(quota);
    expect(await store.takeQuota(quota)).toEqual({ granted: true });
    expect(await store.takeQuota({ ...quota, now: NOW + 60_000 })).toEqual({ granted: true });
  });
}
