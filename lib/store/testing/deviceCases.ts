import type { OtpStore, RememberDeviceStore } from '../OtpStore';
import type { Cases } from './Cases';
import { countOf, DAY, inParallel, NOW } from './requests';

/** A store with the methods of the `rememberDevice` feature. */
export type DeviceStore = OtpStore & RememberDeviceStore;

const device = { userId: 'user-a', deviceId: 'd1', numberId: 'n1', now: NOW };

/** The `rememberDevice` feature: `rememberDevice`, `checkDevice` and `forgetDevices`. */
export function deviceCases({ it, expect }: Cases<DeviceStore>): void {
  it('trusts a remembered device only for its user, its number and its time, and forgets it on request', async (store) => {
    const checked = { ...device, maxAgeMs: DAY };
    await store.rememberDevice({ ...device, expiresAt: NOW + DAY });
    await store.rememberDevice({ ...device, deviceId: 'd2', expiresAt: NOW + DAY });
    expect(await store.checkDevice(checked)).toBe('trusted');
    expect(await store.checkDevice({ ...checked, userId: 'user-b' })).toBe('unknown');
    expect(await store.checkDevice({ ...checked, deviceId: 'd3' })).toBe('unknown');
    expect(await store.checkDevice({ ...checked, deviceId: 'd2', numberId: 'n2' })).toBe('stale');
    expect(await store.checkDevice({ ...checked, deviceId: 'd2' })).toBe('unknown');
    expect(await store.checkDevice({ ...checked, now: NOW + DAY })).toBe('stale');
    expect(await store.checkDevice(checked)).toBe('unknown');
    await store.rememberDevice({ ...device, expiresAt: NOW + DAY });
    await store.forgetDevices({ userId: 'user-a' });
    expect(await store.checkDevice(checked)).toBe('stale');
    expect(await store.checkDevice(checked)).toBe('unknown');
  });

  it('trusts a device only within the maxAgeMs it is checked with, from when it was remembered', async (store) => {
    await store.rememberDevice({ ...device, expiresAt: NOW + 365 * DAY });
    expect(await store.checkDevice({ ...device, now: NOW + DAY - 1000, maxAgeMs: DAY })).toBe('trusted');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * DAY, maxAgeMs: 365 * DAY })).toBe('trusted');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * DAY, maxAgeMs: DAY })).toBe('stale');
    expect(await store.checkDevice({ ...device, now: NOW + 2 * DAY, maxAgeMs: 365 * DAY })).toBe('unknown');
  });

  it('remembers a device again from scratch, after it was forgotten', async (store) => {
    await store.rememberDevice({ ...device, expiresAt: NOW + DAY });
    await store.forgetDevices({ userId: 'user-a' });
    await store.rememberDevice({ ...device, now: NOW + 1000, expiresAt: NOW + DAY });
    expect(await store.checkDevice({ ...device, now: NOW + 2000, maxAgeMs: DAY })).toBe('trusted');
  });
}

/** Races on remembered devices, with the calls split between the instances. */
export function deviceRaceCases({ it, expect }: Cases<readonly DeviceStore[]>): void {
  it('reads a forgotten device stale once of 10 parallel checks', async (stores) => {
    await stores[0].rememberDevice({ ...device, expiresAt: NOW + DAY });
    await stores[stores.length - 1].forgetDevices({ userId: 'user-a' });
    const checks = await inParallel(10, (i) => stores[i % stores.length].checkDevice({ ...device, maxAgeMs: DAY }));
    expect(countOf(checks, (status) => status === 'stale')).toBe(1);
    expect(countOf(checks, (status) => status === 'unknown')).toBe(9);
  });
}
