import { randomBytes } from 'node:crypto';
import type { Verification } from '../flow/Verification';
import { setDeviceCookie } from './deviceCookie';

/**
 * The user ticked "don't ask again on this device" with a right code: a random 256-bit token goes
 * into a cookie, and the store keeps only its HMAC, bound to this strategy, the user and the number
 * the code went to, until it expires (one more store write on this verify).
 */
export async function rememberThisDevice(v: Verification): Promise<void> {
  const { settings, req, pending, now } = v;
  const device = settings.rememberDevice;
  const res = req.res;
  if (!device || !res || pending.numberId === undefined) return;
  const token = randomBytes(32).toString('base64url');
  const deviceId = settings.pseudonyms.device(settings.name, token);
  await device.store.rememberDevice({ userId: v.ref.userId, deviceId, numberId: pending.numberId, now, expiresAt: now + device.maxAgeMs });
  setDeviceCookie(req, res, device, token);
  v.event('device_remembered');
}
