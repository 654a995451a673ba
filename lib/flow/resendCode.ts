import type { Channel } from '../providers/SmsProvider';
import type { Outcome } from './Outcome';
import { refusalDetails, sendCode } from './sendCode';
import type { Verification } from './Verification';
import { backToPage, deliveryOf, failed } from './outcomes';
import { afterFailedSend } from './failedSend';
import { endedElsewhere } from './endVerification';
import { findRecipient } from './findRecipient';
import { refusedSend } from './refusals';

/**
 * Sends a new code that replaces the old one, by text or by a call, to the recipient the kind's rules
 * give, within the cooldown, the resend limit, the quotas and the lockout (a call counts as a send),
 * then goes back to the prompt (Post/Redirect/Get).
 */
export async function resendCode(v: Verification, channel: Channel): Promise<Outcome> {
  const recipient = await findRecipient(v);
  if ('outcome' in recipient) return recipient.outcome;
  if (channel === 'sms' && (await cannotReceiveTexts(v))) {
    v.event('send_refused', { reason: 'cannot_receive_texts' });
    return { kind: 'fail', message: v.locale.messages.text('cannotReceiveTexts', { mobile: v.maskedMobile }), status: 422 };
  }

  const sent = await sendCode(v, recipient.mobile, false, channel);
  if (sent.status === 'failed') return afterFailedSend(v, sent.failed);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return endedElsewhere(v);
    // 'sent' refuses only the prompt's automatic first send, never a resend.
    const reason = sent.reason === 'sent' ? 'limit' : sent.reason;
    v.event('send_refused', refusalDetails(sent, reason));
    if (reason === 'cooldown') v.pending.cooldownRefusal();
    return failed(refusedSend(v.locale, reason, sent.retryAfterMs, channel));
  }
  v.pending.resent(channel);
  return backToPage(v.req);
}

/** Whether a receipt said the number cannot receive texts at all: another text would fail the same way. */
async function cannotReceiveTexts(v: Verification): Promise<boolean> {
  if (!v.settings.deliveryStore) return false;
  return deliveryOf(v, await v.settings.store.inspect({ ...v.ref, now: v.now })).cannotReceiveTexts;
}
