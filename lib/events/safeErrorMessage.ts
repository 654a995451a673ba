import type { SmsSendError } from '../errors';
import type { SmsMessage } from '../providers/SmsProvider';

/** A run of digits long enough to be a phone number, with the separators numbers are written with. */
const NUMBER_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

/**
 * A failed send's message fit for logs and events ("Twilio could not be reached (ENOTFOUND)"): the
 * provider's raw detail is dropped, and the text, the code and anything that looks like a phone
 * number are hidden, since a provider (or an app's own) may quote them in its error.
 */
export function safeErrorMessage(error: SmsSendError, message: SmsMessage, code?: string): string {
  const withoutDetail = error.detail ? error.message.replace(`: ${error.detail}`, '') : error.message;
  return hide(hide(withoutDetail, message.body, '[text]'), code, '[code]').replace(NUMBER_LIKE, '[number]');
}

function hide(text: string, secret: string | undefined, mask: string): string {
  return secret ? text.split(secret).join(mask) : text;
}
