import { checkMobile } from '../phone/MobileRules';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { noMobilePage, refusedMobilePage, userGone } from './commonOutcomes';

/**
 * The number to text for this sign-in, in E.164, or the outcome that ends the sign-in when
 * there is none: the user was deleted since the password step, has no mobile number, or has
 * one that must not receive codes (invalid, a blocked type, or a country not allowed).
 */
export async function findRecipient(signIn: SignIn): Promise<{ mobile: string } | { outcome: Outcome }> {
  const user = await signIn.user();
  if (user === undefined) return { outcome: await userGone(signIn) };
  const mobile = await signIn.mobileOnFile(user);
  if (mobile === undefined) return { outcome: await noMobilePage(signIn) };
  const checked = checkMobile(signIn.settings.mobileRules, mobile);
  if ('problem' in checked) return { outcome: await refusedMobilePage(signIn, checked.problem) };
  signIn.pending.recipientFound(checked.e164);
  return { mobile: checked.e164 };
}
