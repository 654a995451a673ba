import { checkMobile, type MobileProblem } from '../phone/MobileRules';
import type { PromptMessages } from '../i18n/messages';
import { SmsOtpError } from '../errors';
import { MAX_INPUT_LENGTH } from '../http/inputLimits';
import type { Outcome } from './Outcome';
import { refusalDetails, sendCode } from './sendCode';
import type { Verification } from './Verification';
import { backToPage, blockedPage, heldPage, numberForm } from './outcomes';
import { afterFailedSend } from './failedSend';
import { endedElsewhere, numberNoLongerOnFile, userGone } from './endVerification';
import { refusedSend } from './refusals';

const PROBLEM_MESSAGES: Readonly<Record<MobileProblem | 'not_allowed', keyof PromptMessages>> = {
  invalid_number: 'mobileInvalid',
  country_not_allowed: 'mobileCountryNotAllowed',
  number_type_blocked: 'mobileTypeBlocked',
  not_allowed: 'mobileNotAllowed',
};

/**
 * A number given on the number form (the rules accept one only there): checked with the same rules
 * as any number, then with the app's `isAllowed`, then texted a code within every limit. A refused
 * number sends nothing and the form asks again; nothing is saved until the code returns.
 */
export async function submitMobile(v: Verification, input: unknown): Promise<Outcome> {
  const { settings, req, pending, locale } = v;
  // Only the kinds of `enrollment` accept a number.
  const enrollment = settings.enrollment;
  if (!enrollment) throw new SmsOtpError('A number can only be given with the enrollment option.');
  const user = await v.user();
  if (user === undefined) return userGone(v);
  if (v.rules.holdsUntilVerified === 'no_number_on_file' && (await v.mobileOnFile(user)) !== undefined) return numberNoLongerOnFile(v, 'number_added', false);

  const typed = typeof input === 'string' ? input.trim() : '';
  if (typed === '') return numberForm(v, { status: 400, error: locale.messages.text('mobileMissing') });
  const refuse = (problem: MobileProblem | 'not_allowed') => {
    v.event('send_refused', { reason: problem });
    return numberForm(v, { status: 422, error: locale.messages.text(PROBLEM_MESSAGES[problem]), mobileInput: typed.slice(0, MAX_INPUT_LENGTH) });
  };
  const checked = typed.length > MAX_INPUT_LENGTH ? { problem: 'invalid_number' as const } : checkMobile(settings.mobileRules, typed);
  if ('problem' in checked) return refuse(checked.problem);
  if (!(await enrollment.isAllowed(checked.e164, user, req))) return refuse('not_allowed');

  pending.newNumberChosen(checked.e164, settings.pseudonyms.number(checked.e164));
  const sent = await sendCode(v, checked.e164, false);
  if (sent.status === 'failed') return afterFailedSend(v, sent.failed);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return endedElsewhere(v);
    // Nothing went out: the number is not kept, and the form says why.
    pending.newNumberDropped();
    v.event('send_refused', refusalDetails(sent));
    const refusal = refusedSend(locale, sent.reason === 'sent' ? 'limit' : sent.reason, sent.retryAfterMs);
    if (sent.reason === 'held') return heldPage(v);
    if (sent.reason === 'locked') return blockedPage(v, refusal);
    return numberForm(v, { status: refusal.status, error: refusal.message, mobileInput: typed });
  }
  return backToPage(req);
}

/** "Use a different number": back to the number form. */
export function dropNewNumber(v: Verification): Outcome {
  v.pending.newNumberDropped();
  return backToPage(v.req);
}
