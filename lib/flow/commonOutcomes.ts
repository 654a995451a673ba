import type { RequestLike } from '../http/types';
import type { MobileProblem } from '../phone/MobileRules';
import type { Settings } from '../config/resolveSettings';
import type { Outcome } from './Outcome';
import type { Refusal } from './refusals';
import { promptPage } from '../view/buildPromptView';
import type { SignIn } from './SignIn';

/** No pending sign-in: back to the first factor. */
export function toLogin(settings: Settings): Outcome {
  return { kind: 'redirect', url: settings.loginUrl, status: 303 };
}

/** Another request ended this sign-in (verified or given up): this older copy of it ends too, back to the first factor. */
export function signInEnded(signIn: SignIn): Outcome {
  signIn.endInSession();
  return toLogin(signIn.settings);
}

/** The form asked for something this step does not offer. */
export function unexpectedForm(signIn: SignIn): Outcome {
  return { kind: 'fail', message: signIn.locale.messages.text('unexpectedForm'), status: 400 };
}

/** The pending user no longer exists (deleted since the password step): start over. */
export async function userGone(signIn: SignIn): Promise<Outcome> {
  await signIn.end();
  return toLogin(signIn.settings);
}

/** A page that only says why nothing can be sent or tried now, with a way back to sign-in. */
export function blockedPage(signIn: SignIn, refusal: Refusal): Outcome {
  return promptPage(signIn.req, signIn.settings, { locale: signIn.locale, state: 'blocked', status: refusal.status, mobile: signIn.maskedMobile, error: refusal.message });
}

/** The user has no number to text: nothing can be sent, so the sign-in ends here. */
export async function noMobilePage(signIn: SignIn): Promise<Outcome> {
  signIn.event('no_mobile');
  await signIn.end();
  return blockedPage(signIn, { status: 403, message: signIn.locale.messages.text('noMobile') });
}

/** The user's number must not receive codes (invalid, blocked type, or country): nothing is sent, the sign-in ends. */
export async function refusedMobilePage(signIn: SignIn, reason: MobileProblem): Promise<Outcome> {
  signIn.event('send_refused', { reason });
  await signIn.end();
  return blockedPage(signIn, { status: 422, message: signIn.locale.messages.text('mobileRefused') });
}

/** The message did not go out; the sign-in stays and the user can try again at once. */
export function sendFailedPage(signIn: SignIn): Outcome {
  return promptPage(signIn.req, signIn.settings, {
    locale: signIn.locale,
    state: 'send_failed',
    status: 503,
    mobile: signIn.maskedMobile,
    error: signIn.locale.messages.text('sendFailed', { mobile: signIn.maskedMobile }),
  });
}

/** The store is unreachable: refuse everything (fail closed) and say so. */
export function unavailablePage(req: RequestLike, settings: Settings): Outcome {
  const locale = settings.locales.pick(req, req.user);
  return promptPage(req, settings, { locale, state: 'blocked', status: 503, mobile: '', error: locale.messages.text('unavailable') });
}
