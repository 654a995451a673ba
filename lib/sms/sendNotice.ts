import type { Settings } from '../config/resolveSettings';
import { sendFailureDetails, type SendFailureDetails } from '../events/sendFailureDetails';
import { checkMobile } from '../phone/MobileRules';
import { mobileOnFile } from '../phone/mobileOnFile';
import { deliverWithFailover } from '../providers/deliverWithFailover';

/** A provider's failure to deliver a notice, for the `send_failed` event of its sender. */
export type NoticeFailure = SendFailureDetails & { readonly provider: string };

/**
 * Texts a security notice (a number changed, a recovery code used, new recovery codes) to `mobile`,
 * when it is a number the phone rules accept and not a test number. What it tells of has happened
 * already: a notice that cannot be sent is reported through `onFailure`, never fatal.
 */
export async function sendNotice(settings: Settings, mobile: string, notice: { readonly body: string; readonly locale: string }, onFailure: (failure: NoticeFailure) => void): Promise<void> {
  const checked = checkMobile(settings.mobileRules, mobile);
  // A test number is fictional: nothing is ever sent to one while test numbers are in force.
  if (!('e164' in checked) || settings.testNumbers?.codeOf(checked.e164, settings.clock()) !== undefined) return;
  const message = { to: checked.e164, body: notice.body, channel: 'sms', locale: notice.locale } as const;
  const report = (attempt: { readonly provider: string; readonly error?: Parameters<typeof sendFailureDetails>[0] }) => {
    if (attempt.error) onFailure({ provider: attempt.provider, ...sendFailureDetails(attempt.error, message) });
  };
  await deliverWithFailover(settings.providers, message, report).catch(() => undefined);
}

/** Texts a notice to the user's number on file, when they have one. */
export async function sendNoticeToNumberOnFile(
  settings: Settings,
  user: unknown,
  req: unknown,
  notice: { readonly body: string; readonly locale: string },
  onFailure: (failure: NoticeFailure) => void,
): Promise<void> {
  const mobile = await mobileOnFile(settings, user, req);
  if (mobile !== undefined) await sendNotice(settings, mobile, notice, onFailure);
}
