import { SmsOtpError } from '../errors';
import { checkMobile } from '../phone/MobileRules';
import { safeErrorMessage } from '../events/safeErrorMessage';
import { deliverWithFailover, type DeliveryAttempt } from '../providers/deliverWithFailover';
import { enrollPage } from './enrollPage';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';

/**
 * A code sent to a new number came back: the app saves the number (once: the store ends the
 * sign-in in the same step that matched the code). After a change, the OLD number is told, so a
 * takeover does not go unnoticed; that notice failing is reported, never fatal.
 */
export async function saveNewNumber(signIn: SignIn, user: unknown, mobile: string): Promise<void> {
  const { settings, req } = signIn;
  const enrollment = settings.enrollment;
  if (!enrollment) throw new SmsOtpError('A new number can only be verified with the enrollment option.');
  if (signIn.pending.purpose !== 'change_mobile') {
    await enrollment.saveMobile(user, mobile, req);
    signIn.event('enrolled');
    return;
  }
  const previous = await signIn.mobileOnFile(user);
  await enrollment.saveMobile(user, mobile, req);
  // Devices were remembered with the old number: none of them skips the code any more.
  await settings.store.forgetDevices({ userId: signIn.ref.userId });
  signIn.event('mobile_changed');
  const old = previous === undefined ? undefined : checkMobile(settings.mobileRules, previous);
  if (!old || !('e164' in old) || old.e164 === mobile) return;
  const body = signIn.locale.messages.text('mobileChangedSms', { appName: signIn.locale.sms.appName });
  const reportFailure = (attempt: DeliveryAttempt) => {
    if (attempt.error) {
      const { code, retryable } = attempt.error;
      const error = safeErrorMessage(attempt.error, { to: old.e164, body });
      signIn.event('send_failed', { provider: attempt.provider, reason: 'change_notice', code, retryable, error });
    }
  };
  // The number is changed already: a notice that cannot be sent is reported (send_failed), never fatal.
  await deliverWithFailover(settings.providers, { to: old.e164, body }, reportFailure).catch(() => undefined);
}

/** The number given is refused at the last moment (`isAllowed` changed its mind): back to the number form, nothing saved. */
export function numberNoLongerAllowed(signIn: SignIn): Outcome {
  signIn.event('send_refused', { reason: 'not_allowed' });
  signIn.pending.newNumberDropped();
  return enrollPage(signIn.req, signIn.settings, { locale: signIn.locale, purpose: signIn.numberFormPurpose, status: 422, error: signIn.locale.messages.text('mobileNotAllowed') });
}
