/** Base class of every error this package throws on purpose. */
export class SmsOtpError extends Error {
  override readonly name: string = 'SmsOtpError';
}

/** An option passed to a constructor has the wrong type or is out of range. */
export class InvalidOptionError extends TypeError {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The option's name, such as `otpLength` or `twilio.accountSid`. */
    readonly option: string,
    /** What the option accepts, such as `an integer from 4 to 10`. */
    readonly expected: string,
  ) {
    super(`Option "${option}" must be ${expected}.`);
  }
}

/** Facts about a failed send, as an {@link SmsSendError} carries them. */
export interface SmsSendFailure {
  /** The provider's name. */
  readonly provider: string;
  /** Whether another provider, or a later try, could succeed (timeouts, 5xx, throttling). */
  readonly retryable: boolean;
  /** The HTTP status the provider answered with, when there was an answer. */
  readonly status?: number;
  /** The provider's own error code (Twilio `21211`, Vonage status `4`), when it gave one. */
  readonly code?: string | number;
  /** A short excerpt of the provider's answer, never containing credentials. */
  readonly detail?: string;
}

/** A provider did not accept a message. */
export class SmsSendError extends SmsOtpError implements SmsSendFailure {
  override readonly name = 'SmsSendError';
  readonly provider: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string | number;
  readonly detail?: string;

  constructor(message: string, failure: SmsSendFailure, options?: { cause?: unknown }) {
    super(message, options);
    this.provider = failure.provider;
    this.retryable = failure.retryable;
    this.status = failure.status;
    this.code = failure.code;
    this.detail = failure.detail;
  }

  /**
   * Whether the failure proves no message went out: the provider refused it (a permanent error
   * or a 4xx answer) or no connection was ever made. A timeout or a 5xx may come after the
   * message was delivered, so those count as sent for the send quotas.
   */
  get certainlyNotSent(): boolean {
    if (!this.retryable) return true;
    if (this.status !== undefined) return this.status < 500;
    return typeof this.code === 'string' && NO_CONNECTION_CODES.has(this.code);
  }
}

/** Network errors raised before a request reached the provider. */
const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The store that keeps codes and limits could not be reached; the sign-in fails closed. */
export class OtpStoreUnavailableError extends SmsOtpError {
  override readonly name = 'OtpStoreUnavailableError';
}
