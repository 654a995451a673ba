import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { noMobilePage, userGone } from './commonOutcomes';

/**
 * The number to text for this sign-in, or the outcome when there is none:
 * the user was deleted since the password step, or has no mobile number.
 */
export async function findRecipient(signIn: SignIn): Promise<{ mobile: string } | { outcome: Outcome }> {
  const user = await signIn.user();
  if (user === undefined) return { outcome: await userGone(signIn) };
  const mobile = await signIn.mobile(user);
  if (mobile === undefined) return { outcome: await noMobilePage(signIn) };
  return { mobile };
}
