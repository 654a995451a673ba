/**
 * Base class of every error this package throws, rejects with or passes to `next()`, with one
 * exception: {@link InvalidOptionError}, which is a `TypeError`. Errors raised by your own code
 * (`serializeUser`, `getMobile`, `enrollment.saveMobile`, your view, your store) reach you unchanged.
 */
export class SmsOtpError extends Error {
  override readonly name: string = 'SmsOtpError';
}

/**
 * An option is unknown, of the wrong type or out of range. Thrown while the app sets things up
 * (a constructor, `createProvider()`, `afterFirstFactor()`, `requireRecent()`…), with one
 * exception found only when a user signs in: no identity can be derived for that user (see the
 * `userId` option), which is passed to `next()` on that request.
 *
 * It is a `TypeError`, as JavaScript's own argument checks are, and therefore NOT an
 * {@link SmsOtpError}: `err instanceof TypeError` is true, `err instanceof SmsOtpError` false.
 *
 * @example
 * new SmsOtpStrategy({ otpLenght: 6 }); // InvalidOptionError: Unknown option "otpLenght": did you mean "otpLength"?
 * new SmsOtpStrategy({ otpLength: 3 }); // InvalidOptionError: Option "otpLength" must be an integer from 4 to 10; got 3.
 */
export class InvalidOptionError extends TypeError {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The option's name, such as `otpLength` or `sendQuotas.perUser.max`. */
    readonly option: string,
    /** What the option accepts, such as `an integer from 4 to 10`. */
    readonly expected: string,
    /** What was given instead, described without quoting a string (it could be a secret). */
    readonly received?: string,
    message = `Option "${option}" must be ${expected}${received === undefined ? '' : `; got ${received}`}.`,
  ) {
    super(message);
  }

  /**
   * An option no one reads: a typo, or an option of another version.
   *
   * @param option - The name as given, with its parents (`lockout.maxFailure`).
   * @param known - The names accepted in its place, with the same parents.
   * @param suggestion - The known name it most likely stands for.
   */
  static unknown(option: string, known: readonly string[], suggestion: string | undefined): InvalidOptionError {
    const hint = suggestion !== undefined ? `did you mean "${suggestion}"?` : `the options here are ${known.map((name) => `"${name}"`).join(', ')}.`;
    return new InvalidOptionError(option, suggestion ?? `one of ${known.join(', ')}`, undefined, `Unknown option "${option}": ${hint}`);
  }
}

/**
 * Who must act on a failed send: `recipient`, the number cannot receive texts (invalid, unsubscribed,
 * not a mobile, barred), so the user needs another number; `setup`, the provider's set-up is wrong
 * (credentials, account, sender), so the operator must fix it.
 */
export type SmsSendFault = 'recipient' | 'setup';

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
  /**
   * Who must act, when the provider's answer says so. Default: `setup` for HTTP 401 and 403 (the
   * provider refused the credentials), otherwise unknown.
   */
  readonly fault?: SmsSendFault;
}

/** A provider did not accept a message. */
export class SmsSendError extends SmsOtpError implements SmsSendFailure {
  override readonly name = 'SmsSendError';
  readonly provider: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string | number;
  readonly detail?: string;
  readonly fault?: SmsSendFault;

  constructor(message: string, failure: SmsSendFailure, options?: { cause?: unknown }) {
    super(message, options);
    this.provider = failure.provider;
    this.retryable = failure.retryable;
    this.status = failure.status;
    this.code = failure.code;
    this.detail = failure.detail;
    this.fault = failure.fault ?? (failure.status === 401 || failure.status === 403 ? 'setup' : undefined);
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
