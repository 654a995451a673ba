import type { ChallengeStatus } from '../store/OtpStore';
import type { Outcome } from './Outcome';
import { promptPage } from '../view/buildPromptView';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { blockedPage, sendFailedPage, signInEnded } from './commonOutcomes';
import { findRecipient } from './findRecipient';
import { lockedOut, refusedSend } from './refusals';

/**
 * The code prompt. The first visit sends the code; later visits (reloads) only show the page,
 * so a reload never sends another paid message.
 */
export async function showPrompt(signIn: SignIn): Promise<Outcome> {
  const { settings } = signIn;
  // Once a code went out, a visit only redraws the page (or says why it cannot go on):
  // no user look-up, no quotas, no send, one read of the store.
  if (!signIn.pending.sendsOnVisit) {
    const status = await settings.store.inspect({ ...signIn.ref, now: signIn.now });
    if (status.ended) return signInEnded(signIn);
    if (status.lockedForMs > 0) return blockedPage(signIn, lockedOut(signIn.locale, status.lockedForMs));
    if (status.sends > 0) return codePromptPage(signIn, status);
  }
  const recipient = await findRecipient(signIn);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(signIn, recipient.mobile, true);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return signInEnded(signIn);
    // A parallel first visit sent the code: this one only draws the page.
    if (sent.reason === 'sent') return codePromptPage(signIn);
    signIn.event('send_refused', { reason: sent.reason });
    return blockedPage(signIn, refusedSend(signIn.locale, sent.reason, sent.retryAfterMs));
  }
  // Right after the first send the store holds exactly that send and a fresh code: no need to ask it.
  return codePromptPage(signIn, { ended: false, sends: 1, lastSentAt: signIn.now, codeUsable: true, attemptsLeft: settings.maxAttempts, lockedForMs: 0 });
}

/** The page asking for the code, with what is left of the attempts and resends (read from the store unless known). */
async function codePromptPage(signIn: SignIn, known?: ChallengeStatus): Promise<Outcome> {
  const { settings, now, req } = signIn;
  const status = known ?? (await settings.store.inspect({ ...signIn.ref, now }));
  const resent = signIn.pending.takeResentNotice();
  return promptPage(req, settings, {
    locale: signIn.locale,
    state: 'prompt',
    purpose: signIn.purpose,
    status: 200,
    mobile: signIn.maskedMobile,
    notice: resent ? signIn.locale.messages.text('resent', { mobile: signIn.maskedMobile }) : undefined,
    attemptsLeft: status.codeUsable ? status.attemptsLeft : undefined,
    canResend: status.sends < settings.maxResends + 1,
    // After a refused resend the error gives the wait already: the cooldown is said once.
    resendWaitSeconds: signIn.pending.takeCooldownRefusal() ? 0 : Math.max(0, Math.ceil((status.lastSentAt + settings.resendCooldownMs - now) / 1000)),
  });
}
