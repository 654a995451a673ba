import { SmsOtpError } from '../errors';
import { checkMobile } from '../phone/MobileRules';
import { sendNotice } from '../sms/sendNotice';
import type { Outcome } from './Outcome';
import { numberForm } from './outcomes';
import type { Verification } from './Verification';

/**
 * A code sent to a new number came back: the app saves the number (once: the store ended the
 * verification in the same step that matched the code). Only a change replaces a number on file:
 * then the OLD number is told, so a takeover does not go unnoticed (that notice failing is
 * reported, never fatal), and the user's remembered devices are forgotten.
 */
export async function saveNumber(v: Verification, user: unknown, mobile: string): Promise<void> {
  const { settings, req } = v;
  const enrollment = settings.enrollment;
  if (!enrollment) throw new SmsOtpError('A new number can only be verified with the enrollment option.');
  if (v.rules.saves === 'first_number') {
    await enrollment.saveMobile(user, mobile, req);
    v.event('enrolled');
    return;
  }
  const previous = await v.mobileOnFile(user);
  await enrollment.saveMobile(user, mobile, req);
  // Devices were remembered with the old number: none of them skips the code any more.
  await settings.deviceStore?.forgetDevices({ userId: v.ref.userId });
  v.event('mobile_changed');
  const old = previous === undefined ? undefined : checkMobile(settings.mobileRules, previous);
  if (!old || !('e164' in old) || old.e164 === mobile) return;
  const body = v.locale.messages.text('mobileChangedSms', { appName: v.locale.sms.appName });
  await sendNotice(settings, old.e164, { body, locale: v.locale.tag }, (failure) => v.event('send_failed', { ...failure, reason: 'change_notice' }));
}

/** The number given is refused at the last moment (`isAllowed` changed its mind): back to the number form, nothing saved. */
export function numberNoLongerAllowed(v: Verification): Outcome {
  v.event('send_refused', { reason: 'not_allowed' });
  v.pending.newNumberDropped();
  return numberForm(v, { status: 422, error: v.locale.messages.text('mobileNotAllowed') });
}
