import type { Settings } from '../config/resolveSettings';
import type { RequestLike } from '../http/types';
import { emitEvent, wantsEvent } from './emitEvent';
import type { SmsOtpEvent, SmsOtpEventType } from './SmsOtpEvent';

/**
 * Reports something that happened to a user's account outside a verification (purpose `account`):
 * the app's `unlock(user)` (no request), or a new set of recovery codes (the request that made it).
 */
export function accountEvent(settings: Settings, type: SmsOtpEventType, userKey: string, req: RequestLike | undefined, details: Pick<SmsOtpEvent, 'reason' | 'codesLeft' | 'provider' | 'code' | 'httpStatus' | 'retryable' | 'fault' | 'error' | 'detail'> = {}): void {
  if (!wantsEvent(settings, type, details.reason)) return;
  emitEvent(settings, {
    type,
    strategy: settings.name,
    purpose: 'account',
    userKey,
    mobile: '',
    ip: req?.ip,
    at: new Date(settings.clock()),
    locale: req ? settings.locales.pick(req, req.user).tag : '',
    ...details,
  });
}
