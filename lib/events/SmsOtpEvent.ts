import type { VerificationKind } from '../flow/rules';
import { logEvent } from './logEvent';
import { SILENT, type SmsOtpLogger } from './SmsOtpLogger';
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

/** Where events go: the package's logger, and the app's hook. */
export interface EventSinks {
  readonly logger: SmsOtpLogger;
  readonly onEvent: ((event: SmsOtpEvent) => void | Promise<void>) | undefined;
}

/** Whether anyone hears events: without a hook and with `logger: false`, none is even built. */
export function wantsEvents(sinks: EventSinks): boolean {
  return sinks.onEvent !== undefined || sinks.logger !== SILENT;
}

/** Logs an event and calls the app's hook, without letting the hook break or slow down the sign-in. */
export function emitEvent(sinks: EventSinks, event: SmsOtpEvent): void {
  if (sinks.logger !== SILENT) logEvent(sinks.logger, event);
  const hook = sinks.onEvent;
  if (!hook) return;
  const hookFailed = (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    sinks.logger.warn({ event: event.type, reason }, 'sms-otp: the onEvent hook failed and was ignored');
  };
  try {
    const result = hook(event);
    if (result && typeof result.then === 'function') result.then(undefined, hookFailed);
  } catch (err) {
    hookFailed(err);
  }
}
