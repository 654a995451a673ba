import type { Outcome } from './Outcome';
import { resendCode } from './resendCode';
import { showPrompt } from './showPrompt';
import type { SignIn } from './SignIn';
import { dropNewNumber, submitMobile } from './submitMobile';
import { verifyCode } from './verifyCode';

/** What a request to a page of the flow asks for: a resend, another number, a number, a code, or the page. */
export async function dispatch(signIn: SignIn, body: Readonly<Record<string, unknown>> | undefined): Promise<Outcome> {
  await signIn.chooseLocale();
  const { fields } = signIn.settings;
  if (body && Object.hasOwn(body, fields.resend)) return resendCode(signIn);
  if (body && Object.hasOwn(body, fields.changeMobile)) return dropNewNumber(signIn);
  if (body && Object.hasOwn(body, fields.mobile)) return submitMobile(signIn, body[fields.mobile]);
  if (body && Object.hasOwn(body, fields.code)) return verifyCode(signIn, body[fields.code], Object.hasOwn(body, fields.remember));
  return showPrompt(signIn);
}
