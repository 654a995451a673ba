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
  | 'device_trusted';

/** One audit event. It never holds the code, and the mobile number is masked. */
export interface SmsOtpEvent {
  readonly type: SmsOtpEventType;
  /**
   * What the verification is for: `sign_in` (a number on file), `enroll` (a number given at
   * sign-in), `change_mobile` (a signed-in user's new number), `step_up` (a signed-in user
   * confirming before a sensitive action).
   */
  readonly purpose: VerificationKind;
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
  /** Why, for `failed`, `locked`, `send_failed` and `send_refused` (such as `wrong_code`, `cooldown`). */
  readonly reason?: string;
  /** Attempts left on the code, for `failed`. */
  readonly attemptsLeft?: number;
  /** The provider that sent or failed to send, for `sent`, `resent` and `send_failed`. */
  readonly provider?: string;
  /**
   * How long the send took, in milliseconds: for `sent` and `resent`, from handing the message to
   * the first provider until one accepted it; for `send_failed`, that provider's try.
   */
  readonly durationMs?: number;
  /** For `send_failed`: the provider's error code (`21211`, `ECONNREFUSED`, `timeout`), when there is one. */
  readonly code?: string | number;
  /** For `send_failed`: whether another provider, or a later try, could succeed. */
  readonly retryable?: boolean;
  /**
   * For `send_failed`: what went wrong in the package's words ("Twilio could not be reached
   * (ENOTFOUND)"), never the provider's raw answer, which may quote the number or the text.
   */
  readonly error?: string;
}
