import type { SmsSendFault } from '../errors';
import type { VerificationKind } from '../flow/rules';

/** What happened, for `onEvent`. */
export type SmsOtpEventType =
  | 'sent'
  | 'resent'
  | 'verified'
  | 'failed'
  | 'expired'
  | 'locked'
  | 'send_failed'
  | 'no_mobile'
  | 'send_refused'
  | 'enrolled'
  | 'mobile_changed'
  | 'device_remembered'
  | 'device_trusted'
  | 'unlocked'
  | 'recovery_code_used'
  | 'recovery_codes_created'
  | 'delivered'
  | 'delivery_failed'
  | 'fraud_suspected';

/** One audit event. It never holds the code, and the mobile number is masked. */
export interface SmsOtpEvent {
  readonly type: SmsOtpEventType;
  /** The name of the strategy it happened in (its `name` option, such as `sms-otp` or `sms-otp-admin`). */
  readonly strategy: string;
  /**
   * What the verification is for: `sign_in` (a number on file), `enroll` (a number given at
   * sign-in), `change_mobile` (a signed-in user's new number), `step_up` (a signed-in user
   * confirming before a sensitive action); `account` for what happens outside a verification (the
   * app's `unlock(user)`, a new set of recovery codes).
   */
  readonly purpose: VerificationKind | 'account';
  /** The user as the app's `serializeUser` stores them (usually an id), as a string. */
  readonly userKey: string;
  /** The mobile number with all but the last digits hidden, or `''` when there is none. */
  readonly mobile: string;
  /** The client's address as Express reports it (`req.ip`). */
  readonly ip: string | undefined;
  /** When it happened. */
  readonly at: Date;
  /** The language the user was shown and texted in this request (see the `locale` option), such as `'fr'`. */
  readonly locale: string;
  /**
   * Why, for `failed`, `locked`, `send_failed`, `send_refused` (such as `wrong_code`, `cooldown`,
   * `prefix_velocity`, `low_conversion`, `app_denied`) and `fraud_suspected` (`prefix_velocity`,
   * `country_velocity`, `low_conversion`).
   */
  readonly reason?: string;
  /**
   * For `fraud_suspected`: the group of numbers whose sends are refused from now on, such as
   * `prefix +1202200` (the number without its last 4 digits) or `country US`; never a full number.
   */
  readonly group?: string;
  /**
   * The country of the number (ISO 3166-1 alpha-2, or its calling code such as `+1` when it has
   * none), for `sent`, `resent` and `verified` while `tollFraud` is on, and for the toll-fraud
   * `send_refused` and `fraud_suspected`.
   */
  readonly country?: string;
  /** Attempts left on the code, for `failed`. */
  readonly attemptsLeft?: number;
  /** For `sent`, `resent`, `send_failed`, `delivered` and `delivery_failed`: a text (`sms`) or a call (`voice`). */
  readonly channel?: 'sms' | 'voice';
  /** For `delivered`: milliseconds from the send to the receipt that said delivered. */
  readonly latencyMs?: number;
  /** For `recovery_code_used` and `recovery_codes_created`: how many recovery codes the user has left. */
  readonly codesLeft?: number;
  /** The provider that sent or failed to send, for `sent`, `resent` and `send_failed`; whose receipt it was, for `delivered` and `delivery_failed`. */
  readonly provider?: string;
  /**
   * How long the send took, in milliseconds: for `sent` and `resent`, from handing the message to
   * the first provider until one accepted it; for `send_failed`, that provider's try.
   */
  readonly durationMs?: number;
  /** For `send_failed` and `delivery_failed`: the provider's error code (`21211`, `30006`, `ECONNREFUSED`, `timeout`), when there is one. */
  readonly code?: string | number;
  /** For `send_failed`: the HTTP status the provider answered with, when it answered. */
  readonly httpStatus?: number;
  /** For `send_failed`: whether another provider, or a later try, could succeed; for `delivery_failed`: whether a new text may get through (not for a number that cannot receive texts). */
  readonly retryable?: boolean;
  /**
   * For `send_failed`: who must act, when the provider's answer says so: `recipient` (the number
   * cannot receive texts) or `setup` (credentials, account or sender; logged as an error).
   */
  readonly fault?: SmsSendFault;
  /**
   * For `send_failed`: what went wrong in the package's words, such as "Twilio could not be reached
   * (ENOTFOUND)" or "SMS gateway http://10.0.0.5:4901 answered HTTP 401".
   */
  readonly error?: string;
  /**
   * For `send_failed`: a short excerpt of the provider's answer, such as "invalid API token": at most
   * 200 characters, with the code, the recipient, any run of 6 or more digits, header values and
   * query-string values removed (hosts and IP addresses are kept).
   */
  readonly detail?: string;
}
