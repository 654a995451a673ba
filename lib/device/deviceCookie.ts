import { parse, serialize } from 'cookie';
import type { RequestLike, ResponseLike } from '../http/types';
import type { RememberDeviceSettings } from './RememberDeviceOptions';

/** The device token the request carries, if any. */
export function readDeviceToken(req: RequestLike, device: RememberDeviceSettings): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const token = parse(header)[device.cookieName];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

/**
 * Gives the browser the device's token: `HttpOnly` (no script reads it), `SameSite=Lax`, for the
 * whole site, for `days`, and `Secure` whenever the request came over HTTPS (a `Secure` cookie set
 * over plain HTTP would be dropped silently).
 */
export function setDeviceCookie(req: RequestLike, res: ResponseLike, device: RememberDeviceSettings, token: string): void {
  appendSetCookie(res, serialize(device.cookieName, token, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: device.days * 86_400, secure: req.secure === true }));
}

/** Removes the device's cookie from the browser. */
export function clearDeviceCookie(req: RequestLike, res: ResponseLike, device: RememberDeviceSettings): void {
  appendSetCookie(res, serialize(device.cookieName, '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 0, secure: req.secure === true }));
}

/** Adds a cookie without dropping the others the response sets (the session's, the app's). */
function appendSetCookie(res: ResponseLike, cookie: string): void {
  const existing = res.getHeader('Set-Cookie');
  const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Set-Cookie', [...cookies, cookie]);
}
