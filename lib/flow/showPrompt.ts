import type { ChallengeStatus } from '../store/OtpStore';
import type { Outcome } from './Outcome';
import { promptPage } from './promptPage';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { blockedPage, sendFailedPage } from './commonOutcomes';
import { findRecipient } from './findRecipient';
import { lockedOut, refusedSend } from './refusals';

/**
 * The code prompt. The first visit sends the code; later visits (reloads) only show the page,
 * so a reload never sends another paid message.
 */
export async function showPrompt(signIn: SignIn): Promise<Outcome> {
  // Once a code went out, a visit only redraws the page (or says the user is locked out):
  // no user look-up, no quotas, no send. Both reads go to the store together.
  if (signIn.pending.codeSent) {
    const [status, lock] = await Promise.all([signIn.settings.store.inspect(signIn.id, signIn.now), signIn.settings.lockout.check(signIn.userKey)]);
    if (!lock.allowed) return blockedPage(signIn, lockedOut(signIn, lock.retryAfterMs));
    if (status.sends > 0) return codePromptPage(signIn, status);
  }
  const recipient = await findRecipient(signIn);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(signIn, recipient.mobile, true);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused' && sent.reason !== 'sent') {
    return blockedPage(signIn, refusedSend(signIn, sent.reason, sent.retryAfterMs));
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
