import type { Channel } from '../providers/SmsProvider';
import type { Outcome } from './Outcome';
import { sendCode } from './sendCode';
import type { Verification } from './Verification';
import { backToPage, failed } from './outcomes';
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

  const sent = await sendCode(v, recipient.mobile, false, channel);
  if (sent.status === 'failed') return afterFailedSend(v, sent.failed);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return endedElsewhere(v);
    // 'sent' refuses only the prompt's automatic first send, never a resend.
    const reason = sent.reason === 'sent' ? 'limit' : sent.reason;
    v.event('send_refused', { reason });
    if (reason === 'cooldown') v.pending.cooldownRefusal();
    return failed(refusedSend(v.locale, reason, sent.retryAfterMs));
  }
  v.pending.resent(channel);
  return backToPage(v.req);
}
