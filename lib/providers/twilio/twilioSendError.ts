import { SmsSendError, type SmsSendFault } from '../../errors';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from '../sendFailure';

/**
 * Twilio error codes of the Messages and Calls APIs that say who must act
 * (https://www.twilio.com/docs/api/errors): the number (invalid, unsubscribed, unroutable, not a
 * mobile) or the account (credentials, sender, a trial account's unverified recipients, a region or
 * country not enabled).
 */
const TWILIO_FAULTS: ReadonlyMap<number, SmsSendFault> = new Map<number, SmsSendFault>([
  [21211, 'recipient'],
  [21217, 'recipient'],
  [21610, 'recipient'],
  [21612, 'recipient'],
  [21614, 'recipient'],
  [20003, 'setup'],
  [21210, 'setup'],
  [21212, 'setup'],
  [21215, 'setup'],
  [21219, 'setup'],
  [21408, 'setup'],
  [21606, 'setup'],
  [21608, 'setup'],
]);

/**
 * The {@link SmsSendError} for what the Twilio SDK rejected with: a RestException (Twilio's error
 * document: status, code, message, more_info), a network failure or a timeout. `what` names the
 * thing refused (`the message`, `the call`); `secrets` are masked in every text.
 */
export function twilioSendError(err: unknown, what: string, secrets: readonly string[]): SmsSendError {
  const provider = 'twilio';
  const { status, code, message, moreInfo } = (err ?? {}) as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
  const text = typeof message === 'string' ? excerpt(message, secrets) : undefined;
  if (typeof status === 'number') {
    const retryable = isRetryableStatus(status) || code === 20429;
    const twilioCode = typeof code === 'number' || typeof code === 'string' ? code : undefined;
    const detail = excerpt([message, moreInfo].filter((part) => typeof part === 'string' && part !== '').join(' '), secrets) || undefined;
    return new SmsSendError(withDetail(`Twilio refused ${what} (HTTP ${status}${twilioCode === undefined ? '' : `, code ${twilioCode}`})`, detail), {
      provider,
      retryable,
      status,
      code: twilioCode,
      detail,
      fault: TWILIO_FAULTS.get(Number(twilioCode)),
    });
  }
  const network = networkErrorCode(err) ?? (isTimeout(err) ? 'timeout' : undefined);
  if (network) {
    return new SmsSendError(`Twilio could not be reached (${network})`, { provider, retryable: true, code: network, detail: text });
  }
  return new SmsSendError(withDetail('Twilio send failed', text), { provider, retryable: true, detail: text });
}
