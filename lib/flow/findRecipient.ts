import { checkMobile } from '../phone/MobileRules';
import type { Outcome } from './Outcome';
import { blockedPage, numberForm } from './outcomes';
import { numberNoLongerOnFile, userGone } from './endVerification';
import type { Verification } from './Verification';
import { recoveryForm } from './recoveryCode';
import { takesRecoveryCode } from './rules';

/**
 * The number to text, in E.164, or the outcome when there is none, as the kind's rules say: the
 * number given in this verification (enrollment, change), or the number on file (sign-in, step-up).
 * A sign-in of a user without a number becomes an enrollment when `enrollment` is on; otherwise
 * it ends (the user was deleted since the first factor, has no number, or has one that must not
 * receive codes).
 */
export async function findRecipient(v: Verification): Promise<{ mobile: string } | { outcome: Outcome }> {
  const { settings, pending } = v;
  if (v.rules.textsTo === 'number_given') {
    if (pending.newMobile !== undefined) return { mobile: pending.newMobile };
    return { outcome: await askForNumber(v) };
  }
  const user = await v.user();
  if (user === undefined) return { outcome: await userGone(v) };
  const mobile = await v.mobileOnFile(user);
  if (mobile === undefined) {
    if (settings.enrollment && v.kind === 'sign_in') {
      pending.becameEnrollment();
      return { outcome: numberForm(v, { status: 200 }) };
    }
    v.event('no_mobile');
    return { outcome: await cannotText(v, 403, 'noMobile') };
  }
  const checked = checkMobile(settings.mobileRules, mobile, v.isTestNumber);
  if ('problem' in checked) {
    v.event('send_refused', { reason: checked.problem });
    return { outcome: await cannotText(v, 422, 'mobileRefused') };
  }
  pending.recipientFound(checked.e164, settings.pseudonyms.number(checked.e164));
  return { mobile: checked.e164 };
}

/**
 * No text can go to this user. With recovery codes, the verification stays and its page is the
 * recovery form (200), so the user still has a way in; otherwise it ends, and the page says why.
 */
async function cannotText(v: Verification, status: number, why: 'noMobile' | 'mobileRefused'): Promise<Outcome> {
  const message = v.locale.messages.text(why);
  if (v.settings.recoveryCodes && takesRecoveryCode(v.kind)) return recoveryForm(v, { notice: message, textPossible: false });
  await v.end();
  return blockedPage(v, { status, message });
}

/** The number form; an enrollment asks only while the user still has no number on file. */
async function askForNumber(v: Verification): Promise<Outcome> {
  if (v.rules.holdsUntilVerified === 'no_number_on_file') {
    const user = await v.user();
    if (user === undefined) return userGone(v);
    if ((await v.mobileOnFile(user)) !== undefined) return numberNoLongerOnFile(v, 'number_added', false);
  }
  return numberForm(v, { status: 200 });
}
