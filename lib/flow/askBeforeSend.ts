import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { BeforeSendDecision, BeforeSendInfo } from '../config/BeforeSend';
import { describe } from '../config/validate';
import { SmsOtpError } from '../errors';
import type { Channel } from '../providers/SmsProvider';
import type { Verification } from './Verification';

/**
 * The app's `beforeSend` answer on a send to `to` (E.164) by `channel`, once the number passed its
 * own checks and before anything is counted: `'allow'` without the hook.
 *
 * @throws what the hook throws (or its promise rejects with), unchanged.
 * @throws {SmsOtpError} when it answers anything but `'allow'` or `'deny'`, naming what it answered.
 */
export async function askBeforeSend(v: Verification, to: string, channel: Channel): Promise<BeforeSendDecision> {
  const hook = v.settings.beforeSend;
  if (!hook) return 'allow';
  const number = parsePhoneNumberFromString(to);
  const send: BeforeSendInfo = { to, country: number?.country, numberType: number?.getType(), ip: v.req.ip, user: await v.user(), purpose: v.kind, channel };
  const answer: unknown = await hook(send, v.req);
  if (answer === 'allow' || answer === 'deny') return answer;
  throw new SmsOtpError(`The beforeSend hook must answer 'allow' or 'deny' (or a promise of one); it answered ${answered(answer)}. Nothing was sent.`);
}

/** What a hook answered, for the error: a short string as written (a typo such as `'Allow'`), anything else by its kind. */
function answered(answer: unknown): string {
  return typeof answer === 'string' && answer.length <= 20 ? JSON.stringify(answer) : describe(answer);
}
