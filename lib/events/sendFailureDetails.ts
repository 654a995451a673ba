import type { SmsSendError } from '../errors';
import type { SmsMessage } from '../providers/SmsProvider';
import { excerpt } from '../providers/sendFailure';
import type { SmsOtpEvent } from './SmsOtpEvent';

/** What a `send_failed` event says about the failure itself. */
export type SendFailureDetails = Required<Pick<SmsOtpEvent, 'reason' | 'retryable' | 'error'>> & Pick<SmsOtpEvent, 'code' | 'httpStatus' | 'fault' | 'detail'>;

/** A run of digits long enough to be a phone number or an account number; IP addresses and ports have shorter ones. */
const LONG_DIGIT_RUN = /\d{6,}/g;
/** What numbers are written with between their digits. */
const SEPARATORS = '[\\s().-]*';
/** The last digits of a number that must match for it to be the recipient's, however it is written. */
const RECIPIENT_DIGITS = 7;

/**
 * A failed send as events and logs show it: the package's words (`error`, "SMS gateway
 * http://10.0.0.5:4901 answered HTTP 401") and the provider's (`detail`, "invalid API token") apart,
 * with the HTTP status, the provider's code and who must act. A provider, or an app's own, may quote
 * the text, the code or the number in its answer: the text, the code, the recipient however written
 * and any run of 6 or more digits are hidden from both, and `detail` is cut to 200 characters.
 * Hosts and IP addresses stay, since they say which gateway failed.
 *
 * @param code - The one-time code the text carried, when it carried one.
 */
export function sendFailureDetails(error: SmsSendError, message: SmsMessage, code?: string): SendFailureDetails {
  const hide = hidePrivate(message, code);
  const suffix = error.detail ? `: ${error.detail}` : '';
  const words = suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
  const detail = error.detail ? excerpt(hide(error.detail)) : '';
  return {
    reason: failureReason(error),
    code: error.code,
    httpStatus: error.status,
    retryable: error.retryable,
    fault: error.fault,
    error: hide(words),
    detail: detail || undefined,
  };
}

/**
 * A short, stable word for a failed send, for metrics and the `reason` field: the provider's code or
 * HTTP status, never its message.
 */
function failureReason(error: SmsSendError): string {
  if (error.code !== undefined) return `code_${error.code}`;
  if (error.status !== undefined) return `http_${error.status}`;
  return 'error';
}

function hidePrivate(message: SmsMessage, code: string | undefined): (text: string) => string {
  const recipient = recipientPattern(message.to);
  return (text) => {
    let hidden = replaceAll(text, message.body, '[text]');
    if (code) hidden = replaceAll(hidden, code, '[code]');
    if (recipient) hidden = hidden.replace(recipient, '[number]');
    return hidden.replace(LONG_DIGIT_RUN, '[number]');
  };
}

function replaceAll(text: string, secret: string, mask: string): string {
  return secret ? text.split(secret).join(mask) : text;
}

/**
 * The recipient's number as a provider may write it back: with or without `+` and the country code,
 * with spaces, dots, dashes or brackets between the digits (`+1 (201) 555-0123`, `2015550123`).
 */
function recipientPattern(to: string): RegExp | undefined {
  const digits = to.replace(/\D/g, '');
  if (digits.length === 0) return undefined;
  const split = Math.max(0, digits.length - RECIPIENT_DIGITS);
  // Any tail of the leading digits (the country code, a trunk prefix), then the last digits.
  let leading = '';
  for (const digit of digits.slice(0, split)) leading = `(?:${leading}${digit}${SEPARATORS})?`;
  const last = [...digits.slice(split)].join(SEPARATORS);
  return new RegExp(`\\+?${leading}${last}`, 'g');
}
