import { randomBytes } from 'node:crypto';
import type { SignIn } from '../flow/SignIn';
import { setDeviceCookie } from './deviceCookie';

/**
 * The user ticked "don't ask again on this device" with a right code: a random 256-bit token goes
 * into a cookie, and the store keeps only its HMAC, bound to the user and the number the code went
 * to, until it expires (one more store write on this verify).
 */
export async function rememberThisDevice(signIn: SignIn): Promise<void> {
  const { settings, req, pending, now } = signIn;
  const device = settings.rememberDevice;
  const res = req.res;
  if (!device || !res || pending.numberId === undefined) return;
  const token = randomBytes(32).toString('base64url');
  const deviceId = settings.pseudonyms.device(token);
  await settings.store.rememberDevice({ userId: signIn.ref.userId, deviceId, numberId: pending.numberId, now, expiresAt: now + device.maxAgeMs });
  setDeviceCookie(req, res, device, token);
  signIn.event('device_remembered');
}
