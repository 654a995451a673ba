import { OtpStoreUnavailableError } from '../errors';
import { emitEvent } from '../events/emitEvent';
import { logStoreOutage } from '../events/logStoreOutage';
import type { ResponseLike } from '../http/types';
import type { Outcome } from '../flow/Outcome';
import { redirectTo } from '../flow/outcomes';
import { maskMobile } from '../phone/maskMobile';
import { checkMobile } from '../phone/MobileRules';
import { mobileOnFile } from '../phone/mobileOnFile';
import { logIn, type LogInRequest } from '../session/recentVerification';
import type { Settings } from '../config/resolveSettings';
import { clearDeviceCookie, readDeviceToken } from './deviceCookie';

/**
 * Whether the first factor alone completes the sign-in: the request carries a device token this
 * very user remembered, through this strategy, with the number they have now, within this
 * strategy's `rememberDevice.days`. Then the app's verify callback is asked, and the user it
 * confirms is logged in (a new session id), `device_trusted` is emitted and the browser goes to
 * `successRedirect`; a user it refuses is sent back to the first factor with its message. A token
 * of another user is left alone (a browser may be shared); an expired or revoked one, or one bound
 * to another number, is cleared. Nothing is sent either way. `undefined`: a code is needed.
 */
export async function signInWithTrustedDevice(
  settings: Settings,
  req: LogInRequest,
  res: ResponseLike,
  identified: { readonly user: unknown; readonly userKey: string },
  successRedirect: string,
): Promise<Outcome | undefined> {
  const { user, userKey } = identified;
  const device = settings.rememberDevice;
  const token = device && readDeviceToken(req, device);
  if (!device || !token) return undefined;
  const mobile = await mobileOnFile(settings, user, req);
  const now = settings.clock();
  const checked = mobile === undefined ? undefined : checkMobile(settings.mobileRules, mobile, (e164) => settings.testNumbers?.codeOf(e164, now) !== undefined);
  const e164 = checked && 'e164' in checked ? checked.e164 : undefined;
  const userId = settings.pseudonyms.user(userKey);
  const numberId = e164 === undefined ? '' : settings.pseudonyms.number(e164);
  // A store that cannot answer trusts nothing: the normal flow (which then fails closed) takes over.
  const status = await device.store.checkDevice({ userId, deviceId: settings.pseudonyms.device(settings.name, token), numberId, now, maxAgeMs: device.maxAgeMs }).catch((err: unknown) => {
    if (!(err instanceof OtpStoreUnavailableError)) throw err;
    logStoreOutage(settings, err);
    return 'unknown' as const;
  });
  if (status === 'stale') clearDeviceCookie(req, res, device);
  if (status !== 'trusted' || e164 === undefined) return undefined;

  const locale = settings.locales.pick(req, user);
  const event = { strategy: settings.name, purpose: 'sign_in', userKey, mobile: maskMobile(e164), ip: req.ip, at: new Date(now), locale: locale.tag } as const;
  const confirmation = await settings.confirmSignIn(req, user);
  if ('refused' in confirmation) {
    emitEvent(settings, { ...event, type: 'failed', reason: 'refused' });
    return { kind: 'fail', message: confirmation.refused ?? locale.messages.text('signInRefused'), status: 401 };
  }
  await logIn(req, confirmation.user);
  emitEvent(settings, { ...event, type: 'device_trusted' });
  return redirectTo(successRedirect);
}
