import { checkMobile, type MobileProblem } from '../phone/MobileRules';
import type { PromptMessages } from '../i18n/messages';
import type { Outcome } from './Outcome';
import { sendCode } from './sendCode';
import type { SignIn } from './SignIn';
import { blockedPage, sendFailedPage, signInEnded, unexpectedForm, userGone } from './commonOutcomes';
import { enrollPage } from './enrollPage';
import { requestPath } from '../http/requestPath';
import { refusedSend } from './refusals';

/** The longest input read as a number; anything longer is not one. */
const MAX_INPUT_LENGTH = 64;

const PROBLEM_MESSAGES: Readonly<Record<MobileProblem | 'not_allowed', keyof PromptMessages>> = {
  invalid_number: 'mobileInvalid',
  country_not_allowed: 'mobileCountryNotAllowed',
  number_type_blocked: 'mobileTypeBlocked',
  not_allowed: 'mobileNotAllowed',
};

/**
 * A number given on the number form (enrollment at sign-in, or a change): checked with the same
 * rules as any number, then with the app's `isAllowed`, then texted a code within every limit.
 * A refused number sends nothing and the form asks again; nothing is saved until the code returns.
 */
export async function submitMobile(signIn: SignIn, input: unknown): Promise<Outcome> {
  const { settings, req, pending } = signIn;
  const enrollment = settings.enrollment;
  if (!enrollment) return unexpectedForm(signIn);
  const user = await signIn.user();
  if (user === undefined) return userGone(signIn);
  // At sign-in a number is taken only from a user who has none: it never replaces one on file.
  if (pending.purpose === 'sign_in' && (await signIn.mobileOnFile(user)) !== undefined) return unexpectedForm(signIn);

  const purpose = signIn.numberFormPurpose;
  const { locale } = signIn;
  const typed = typeof input === 'string' ? input.trim() : '';
  if (typed === '') return enrollPage(req, settings, { locale, purpose, status: 400, error: locale.messages.text('mobileMissing') });
  const refuse = (problem: MobileProblem | 'not_allowed') => {
    signIn.event('send_refused', { reason: problem });
    return enrollPage(req, settings, { locale, purpose, status: 422, error: locale.messages.text(PROBLEM_MESSAGES[problem]), mobileInput: typed.slice(0, MAX_INPUT_LENGTH) });
  };
  const checked = typed.length > MAX_INPUT_LENGTH ? { problem: 'invalid_number' as const } : checkMobile(settings.mobileRules, typed);
  if ('problem' in checked) return refuse(checked.problem);
  if (!(await enrollment.isAllowed(checked.e164, user, req))) return refuse('not_allowed');

  pending.newNumberChosen(checked.e164, settings.pseudonyms.number(checked.e164));
  const sent = await sendCode(signIn, checked.e164, false);
  if (sent.status === 'failed') return sendFailedPage(signIn);
  if (sent.status === 'refused') {
    if (sent.reason === 'ended') return signInEnded(signIn);
    // Nothing went out: the number is not kept, and the form says why.
    pending.newNumberDropped();
    signIn.event('send_refused', { reason: sent.reason });
    const refusal = refusedSend(locale, sent.reason === 'sent' ? 'limit' : sent.reason, sent.retryAfterMs);
    if (sent.reason === 'locked') return blockedPage(signIn, refusal);
    return enrollPage(req, settings, { locale, purpose, status: refusal.status, error: refusal.message, mobileInput: typed });
  }
  return { kind: 'redirect', url: requestPath(req), status: 303 };
}

/** "Use a different number": back to the number form. */
export function dropNewNumber(signIn: SignIn): Outcome {
  if (!signIn.settings.enrollment) return unexpectedForm(signIn);
  signIn.pending.newNumberDropped();
  return { kind: 'redirect', url: requestPath(signIn.req), status: 303 };
}
