import type { ChallengeStatus } from '../store/OtpStore';
import type { Outcome } from './Outcome';
import { promptPage } from './promptPage';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { sendFailedPage } from './commonOutcomes';
import { findRecipient } from './findRecipient';
import { refusedSend } from './refusals';

/**
 * The code prompt. The first visit sends the code; later visits (reloads) only show the page,
 * so a reload never sends another paid message.
 */
export async function showPrompt(signIn: SignIn): Promise<Outcome> {
  const recipient = await findRecipient(signIn);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(signIn, recipient.mobile, true);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused' && sent.reason !== 'sent') {
    const refusal = refusedSend(signIn, sent.reason, sent.retryAfterMs);
    return promptPage(signIn.req, signIn.settings, { state: 'blocked', status: refusal.status, mobile: signIn.maskedMobile, error: refusal.message });
  }
  // Right after the first send the store holds exactly that send and a fresh code: no need to ask it.
  if (sent.status === 'sent') return codePromptPage(signIn, { sends: 1, lastSentAt: signIn.now, codeUsable: true, attemptsLeft: signIn.settings.maxAttempts });
  return codePromptPage(signIn);
}

/** The page asking for the code, with what is left of the attempts and resends (read from the store unless known). */
export async function codePromptPage(signIn: SignIn, known?: ChallengeStatus): Promise<Outcome> {
  const { settings, now, req } = signIn;
  const status = known ?? (await settings.store.inspect(signIn.id, now));
  const resent = signIn.pending.resent === true;
  delete signIn.pending.resent;
  return promptPage(req, settings, {
    state: 'prompt',
    status: 200,
    mobile: signIn.maskedMobile,
    notice: resent ? settings.messages.text('resent', { mobile: signIn.maskedMobile }) : undefined,
    attemptsLeft: status.codeUsable ? status.attemptsLeft : undefined,
    canResend: status.sends < settings.maxResends + 1,
    resendWaitSeconds: Math.max(0, Math.ceil((status.lastSentAt + settings.resendCooldownMs - now) / 1000)),
  });
}
