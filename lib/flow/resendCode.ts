import type { Outcome } from './Outcome';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { sendFailedPage } from './commonOutcomes';
import { findRecipient } from './findRecipient';

/**
 * Sends a new code that replaces the old one, within the cooldown and the resend limit,
 * then goes back to the prompt (Post/Redirect/Get).
 */
export async function resendCode(signIn: SignIn): Promise<Outcome> {
  const { settings, req } = signIn;
  const recipient = await findRecipient(signIn);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(signIn, recipient.mobile, false);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused') {
    const { reason, retryAfterMs } = sent.decision;
    signIn.event('send_refused', { reason });
    const message =
      reason === 'cooldown'
        ? settings.messages.plural('resendTooSoon', Math.ceil(retryAfterMs / 1000), { seconds: Math.ceil(retryAfterMs / 1000) })
        : settings.messages.text('resendLimit');
    return { kind: 'fail', message, status: 429 };
  }
  signIn.pending.resent = true;
  return { kind: 'redirect', url: req.originalUrl ?? req.url ?? settings.loginUrl, status: 303 };
}
