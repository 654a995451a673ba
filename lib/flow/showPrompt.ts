import type { ChallengeStatus } from '../store/OtpStore';
import type { Outcome, PageOutcome } from './Outcome';
import { refusalDetails, sendCode } from './sendCode';
import type { Verification } from './Verification';
import { blockedPage, codePrompt, heldPage, numberForm } from './outcomes';
import { afterFailedSend } from './failedSend';
import { endedElsewhere } from './endVerification';
import { findRecipient } from './findRecipient';
import { lockedOut, refusedSend } from './refusals';

/**
 * The page of the verification as it stands. The first visit sends the code; later visits (reloads)
 * only show the page, so a reload never sends another paid message.
 */
export async function showPrompt(v: Verification): Promise<Outcome> {
  const { settings } = v;
  // Once a code went out, a visit only redraws the page (or says why it cannot go on):
  // no user look-up, no quotas, no send, one read of the store.
  if (!v.pending.sendsOnVisit) {
    const status = await settings.store.inspect({ ...v.ref, now: v.now });
    if (status.ended) return endedElsewhere(v);
    if (status.held) return heldPage(v);
    if (status.lockedForMs > 0) return blockedPage(v, lockedOut(v.locale, status.lockedForMs));
    if (status.sends > 0) return codePromptOf(v, status);
  }
  const recipient = await findRecipient(v);
  if ('outcome' in recipient) return recipient.outcome;

  const sent = await sendCode(v, recipient.mobile, true);
  if (sent.status === 'failed') return afterFailedSend(v, sent.failed);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return endedElsewhere(v);
    // A parallel first visit sent the code: this one only draws the page.
    if (sent.reason === 'sent') return codePromptOf(v, await settings.store.inspect({ ...v.ref, now: v.now }));
    v.event('send_refused', refusalDetails(sent));
    if (sent.reason === 'held') return heldPage(v);
    return blockedPage(v, refusedSend(v.locale, sent.reason, sent.retryAfterMs));
  }
  // Right after the first send the store holds exactly that send and a fresh code: no need to ask it,
  // unless its message is tracked (with receipts), whose delivery the page then shows.
  if (settings.deliveryStore) return codePromptOf(v, await settings.store.inspect({ ...v.ref, now: v.now }));
  return codePromptOf(v, { ended: false, sends: 1, lastSentAt: v.now, codeUsable: true, attemptsLeft: settings.maxAttempts, lockedForMs: 0, held: false });
}

/**
 * The page as it stands, with `error`, drawn without sending anything or changing the session (for
 * a request the page does not offer): the number form, or the code prompt as the store has it.
 */
export async function redrawPage(v: Verification, error: string, httpStatus: number): Promise<PageOutcome> {
  if (v.stage === 'number') return numberForm(v, { status: httpStatus, error });
  return codePrompt(v, await v.settings.store.inspect({ ...v.ref, now: v.now }), { error, httpStatus });
}

/** The code prompt, saying once that a new code went out, or that a resend must wait. */
function codePromptOf(v: Verification, status: ChallengeStatus): PageOutcome {
  const resent = v.pending.takeResentNotice();
  const notice = resent && v.locale.messages.text(resent === 'voice' ? 'calling' : 'resent', { mobile: v.maskedMobile });
  return codePrompt(v, status, { notice, cooldownSaid: v.pending.takeCooldownRefusal() });
}
