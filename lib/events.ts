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
  readonly purpose: 'sign_in' | 'enroll' | 'change_mobile' | 'step_up';
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
   * How long the send took, in milliseconds, for `sent`, `resent` and `send_failed`: from handing
   * the message to the first provider until one accepted it or the last refused it.
   */
  readonly durationMs?: number;
}

/** Calls the app's hook without letting it break or slow down the sign-in. */
export function emitEvent(hook: ((event: SmsOtpEvent) => void | Promise<void>) | undefined, event: SmsOtpEvent): void {
  if (!hook) return;
  try {
    const result = hook(event);
    if (result && typeof result.then === 'function') result.then(undefined, warnHookFailed);
  } catch (err) {
    warnHookFailed(err);
  }
}

function warnHookFailed(err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  process.emitWarning(`passport-sms-otp: the onEvent hook failed and was ignored: ${reason}`);
}
