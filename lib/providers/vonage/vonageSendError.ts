import { SmsSendError, type SmsSendFault } from '../../errors';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from '../sendFailure';
import type { SmsFailureClass } from './vonageSdk';

const PROVIDER = 'vonage';

/** Per-message statuses after which a later try, or another provider, could succeed. */
const RETRYABLE_STATUSES = new Set(['1', '5', '10', '13']);
/**
 * Per-message statuses that say who must act (https://developer.vonage.com/api-errors/sms): the
 * number (unroutable, barred, deactivated) or the account (credentials, suspended, out of credit, not
 * enabled for the API, signature, sender, a demo account's pre-approved destinations).
 */
const VONAGE_FAULTS: ReadonlyMap<string, SmsSendFault> = new Map<string, SmsSendFault>([
  ['6', 'recipient'],
  ['7', 'recipient'],
  ['33', 'recipient'],
  ['4', 'setup'],
  ['8', 'setup'],
  ['9', 'setup'],
  ['11', 'setup'],
  ['14', 'setup'],
  ['15', 'setup'],
  ['29', 'setup'],
  ['32', 'setup'],
]);

/**
 * The {@link SmsSendError} for what the SDK threw while sending a text or placing a call: a refused
 * message (HTTP 200 with a non-zero status), an HTTP error of either API, or a network failure.
 *
 * @param secrets - Every secret an answer might echo (the API secret), masked in the detail.
 */
export async function vonageSendError(err: unknown, smsFailure: SmsFailureClass, secrets: readonly string[]): Promise<SmsSendError> {
  if (err instanceof smsFailure) {
    const failed = err.getFailedMessages()[0] ?? {};
    const status = String(failed.status ?? 'unknown');
    const text = failed.errorText ? excerpt(failed.errorText, secrets) : undefined;
    return new SmsSendError(withDetail(`Vonage refused the message (status ${status})`, text), {
      provider: PROVIDER,
      retryable: RETRYABLE_STATUSES.has(status),
      status: 200,
      code: Number.isNaN(Number(status)) ? status : Number(status),
      detail: text,
      fault: VONAGE_FAULTS.get(status),
    });
  }
  // VetchError (HTTP error) carries the request with its Authorization header, so it is never kept
  // as a cause; its response's body (an RFC 7807 problem document) is still unread.
  const response = (err as { response?: { status?: unknown; text?: () => Promise<string> } } | null)?.response;
  if (typeof response?.status === 'number') {
    const body = typeof response.text === 'function' ? await response.text().catch(() => '') : '';
    const detail = excerpt(body, secrets) || undefined;
    return new SmsSendError(withDetail(`Vonage answered HTTP ${response.status}`, detail), { provider: PROVIDER, retryable: isRetryableStatus(response.status), status: response.status, detail });
  }
  const network = networkErrorCode(err) ?? (isTimeout(err) ? 'timeout' : undefined);
  if (network) return new SmsSendError(`Vonage could not be reached (${network})`, { provider: PROVIDER, retryable: true, code: network });
  const text = err instanceof Error ? excerpt(err.message, secrets) : undefined;
  return new SmsSendError(withDetail('Vonage send failed', text), { provider: PROVIDER, retryable: true, detail: text });
}
