import { checkMobile } from '../phone/MobileRules';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { noMobilePage, refusedMobilePage, userGone } from './commonOutcomes';
import { enrollPage } from './enrollPage';

/**
 * The number to text for this flow, in E.164, or the outcome when there is none: a number being
 * verified (enrollment, change) is the one the user gave; otherwise the number on file. Without
 * one, a user is asked for a number when enrollment is on; else the sign-in ends (the user was
 * deleted since the password step, has no number, or has one that must not receive codes).
 */
export async function findRecipient(signIn: SignIn): Promise<{ mobile: string } | { outcome: Outcome }> {
  const { settings, req, pending } = signIn;
  if (pending.newMobile !== undefined) return { mobile: pending.newMobile };
  if (pending.purpose === 'change_mobile') return { outcome: enrollPage(req, settings, { locale: signIn.locale, purpose: 'change_mobile', status: 200 }) };
  const user = await signIn.user();
  if (user === undefined) return { outcome: await userGone(signIn) };
  const mobile = await signIn.mobileOnFile(user);
  if (mobile === undefined) {
    if (settings.enrollment && pending.purpose === 'sign_in') return { outcome: enrollPage(req, settings, { locale: signIn.locale, purpose: 'enroll', status: 200 }) };
    return { outcome: await noMobilePage(signIn) };
  }
  const checked = checkMobile(settings.mobileRules, mobile);
  if ('problem' in checked) return { outcome: await refusedMobilePage(signIn, checked.problem) };
  pending.recipientFound(checked.e164, settings.pseudonyms.number(checked.e164));
  return { mobile: checked.e164 };
}
