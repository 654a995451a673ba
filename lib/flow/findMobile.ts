import { checkMobile } from '../phone/MobileRules';
import { maskMobile } from '../maskMobile';
import type { Outcome } from './Outcome';
import { noMobilePage, refusedMobilePage, userGone } from './commonOutcomes';
import type { SignIn } from './SignIn';

/**
 * The number to text for the pending user, in E.164, or the page that ends the sign-in when
 * the user is gone, has no number, or has one that must not receive codes.
 */
export async function findMobile(signIn: SignIn): Promise<{ mobile: string } | { outcome: Outcome }> {
  const user = await signIn.user();
  if (user === undefined) return { outcome: await userGone(signIn) };
  const mobile = await signIn.mobile(user);
  if (mobile === undefined) return { outcome: await noMobilePage(signIn) };
  const checked = checkMobile(signIn.settings.mobileRules, mobile);
  if ('problem' in checked) return { outcome: await refusedMobilePage(signIn, checked.problem) };
  signIn.maskedMobile = maskMobile(checked.e164);
  return { mobile: checked.e164 };
}
