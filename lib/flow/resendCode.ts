import type { Outcome } from './Outcome';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { sendFailedPage, signInEnded } from './commonOutcomes';
import { findRecipient } from './findRecipient';
import { refusedSend } from './refusals';
import { requestPath } from '../http/requestPath';

/**
 * Sends a new code that replaces the old one, within the cooldown, the resend limit, the quotas
 * and the lockout, then goes back to the prompt (Post/Redirect/Get).
 */
export async function resendCode(signIn: SignIn): Promise<Outcome> {
  const { req } = signIn;
  const recipient = await findRecipient(signIn);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(signIn, recipient.mobile, false);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return signInEnded(signIn);
    // 'sent' refuses only the prompt's automatic first send, never a resend.
    const reason = sent.reason === 'sent' ? 'limit' : sent.reason;
    signIn.event('send_refused', { reason });
    if (reason === 'cooldown') signIn.pending.cooldownRefusal();
    return { kind: 'fail', ...refusedSend(signIn.locale, reason, sent.retryAfterMs) };
  }
  signIn.pending.resent();
  return { kind: 'redirect', url: requestPath(req), status: 303 };
}
