import type { Settings } from '../config/resolveSettings';
import type { VerificationKind } from '../flow/rules';
import type { DeliveryStatus } from '../store/OtpStore';
import { emitEvent, wantsEvent } from './emitEvent';

/**
 * Reports what a receipt said of a code's message: `delivered` (with the time from the send), or
 * `delivery_failed` (with the provider's code, and whether a new text may get through). A receipt
 * names only a message: its events carry no user, number or address.
 */
export function deliveryEvent(settings: Settings, delivery: DeliveryStatus): void {
  const type = delivery.state === 'failed' ? 'delivery_failed' : 'delivered';
  if (delivery.state === 'accepted' || !wantsEvent(settings, type)) return;
  const now = settings.clock();
  emitEvent(settings, {
    type,
    strategy: settings.name,
    purpose: delivery.purpose as VerificationKind,
    userKey: '',
    mobile: '',
    ip: undefined,
    at: new Date(now),
    locale: '',
    provider: delivery.provider,
    channel: delivery.channel,
    ...(type === 'delivered' ? { latencyMs: Math.max(0, now - delivery.sentAt) } : { code: delivery.code, retryable: delivery.fault !== 'recipient' }),
  });
}
