import type { CountryCode, PhoneNumberType } from 'libphonenumber-js';
import type { VerificationKind } from '../flow/rules';
import type { Channel } from '../providers/SmsProvider';

/** What the `beforeSend` hook is told of a send about to be tried. */
export interface BeforeSendInfo<User = unknown> {
  /** The number, in E.164 (`+12025550123`). */
  readonly to: string;
  /** Its country (ISO 3166-1 alpha-2) as libphonenumber-js gives it, or `undefined` when the number has none (such as a test number). */
  readonly country: CountryCode | undefined;
  /** Its type as libphonenumber-js gives it (`MOBILE`, `FIXED_LINE_OR_MOBILE`, `VOIP` …), or `undefined` when unknown. */
  readonly numberType: PhoneNumberType | undefined;
  /** The client's address (`req.ip`). */
  readonly ip: string | undefined;
  /** The user being verified, as your `deserializeUser` gives them. */
  readonly user: User;
  /** What the verification is for: `sign_in`, `enroll`, `change_mobile` or `step_up`. */
  readonly purpose: VerificationKind;
  /** A text (`sms`) or a call (`voice`). */
  readonly channel: Channel;
}

/** What `beforeSend` decides: `'deny'` refuses the send (HTTP 429, reason `app_denied`) and counts nothing anywhere. */
export type BeforeSendDecision = 'allow' | 'deny';

/**
 * The app's own risk check of a send (a reCAPTCHA score, a line-type lookup, a list of its own),
 * asked after the number's own checks and before any limit is counted or any provider called.
 */
export type BeforeSend<User = unknown> = (send: BeforeSendInfo<User>, req: unknown) => BeforeSendDecision | Promise<BeforeSendDecision>;
