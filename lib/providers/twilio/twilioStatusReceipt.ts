import type { DeliveryReceipt, DeliveryState } from '../DeliveryReceipt';

/**
 * What each `MessageStatus` (or `SmsStatus`, its older name, which Twilio sends too) says of a text
 * (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). A status not
 * here (`canceled`, or an inbound one) is no receipt of a code's text.
 */
const MESSAGE_STATES: ReadonlyMap<string, DeliveryState> = new Map<string, DeliveryState>([
  ['queued', 'accepted'],
  ['sending', 'accepted'],
  ['sent', 'accepted'],
  ['accepted', 'accepted'],
  ['scheduled', 'accepted'],
  ['delivered', 'delivered'],
  ['read', 'delivered'],
  ['undelivered', 'failed'],
  ['failed', 'failed'],
]);

/**
 * What each `CallStatus` says of a call (https://www.twilio.com/docs/voice/api/call-resource#call-status-values):
 * answered and ended (`completed`) counts as delivered; not answered, busy, failed or canceled, as not.
 */
const CALL_STATES: ReadonlyMap<string, DeliveryState> = new Map<string, DeliveryState>([
  ['queued', 'accepted'],
  ['initiated', 'accepted'],
  ['ringing', 'accepted'],
  ['in-progress', 'accepted'],
  ['completed', 'delivered'],
  ['busy', 'failed'],
  ['no-answer', 'failed'],
  ['failed', 'failed'],
  ['canceled', 'failed'],
]);

/**
 * Delivery error codes that mean the number cannot receive texts at all, so a new text would fail
 * the same way (https://www.twilio.com/docs/api/errors): 30005 unknown or inactive number, 30006 a
 * landline or an unreachable carrier, 21610 the recipient replied STOP. 30003 (handset off or out of
 * coverage) is not among them: it passes.
 */
const CANNOT_RECEIVE_TEXTS: ReadonlySet<string> = new Set(['30005', '30006', '21610']);

/**
 * The receipt in the fields of a Twilio status callback: a message's (`MessageSid`, `MessageStatus`,
 * `ErrorCode`) or a call's (`CallSid`, `CallStatus`); `undefined` for any other request. A failed
 * call carries its `CallStatus` (`busy`, `no-answer`, ...) as its code when Twilio gives no `ErrorCode`.
 */
export function twilioStatusReceipt(fields: Readonly<Record<string, unknown>>): DeliveryReceipt | undefined {
  const field = (name: string): string | undefined => {
    const value = fields[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const errorCode = field('ErrorCode') ?? '';
  const callSid = field('CallSid');
  const callStatus = field('CallStatus');
  if (callSid && callStatus) {
    const state = CALL_STATES.get(callStatus);
    if (!state) return undefined;
    return state === 'failed' ? { messageId: callSid, state, code: errorCode || callStatus } : { messageId: callSid, state, code: '' };
  }
  const messageSid = field('MessageSid') ?? field('SmsSid');
  const state = MESSAGE_STATES.get(field('MessageStatus') ?? field('SmsStatus') ?? '');
  if (!messageSid || !state) return undefined;
  if (state !== 'failed') return { messageId: messageSid, state, code: '' };
  return CANNOT_RECEIVE_TEXTS.has(errorCode) ? { messageId: messageSid, state, code: errorCode, fault: 'recipient' } : { messageId: messageSid, state, code: errorCode };
}
