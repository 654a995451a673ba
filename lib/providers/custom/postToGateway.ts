import { fetch, type Dispatcher } from 'undici';
import { SmsSendError } from '../../errors';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from '../sendFailure';
import type { GatewayRequest } from './gatewayRequest';

/** How a send reaches the gateway, and how its failures are named. */
export interface GatewayCall {
  /** The provider's name, for the error. */
  readonly provider: string;
  /** What the gateway is to the reader of an error: `'SMS gateway'` or `'Voice gateway'`. */
  readonly gateway: string;
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher;
  /** Everything that must never reach an error (header values, query parameters of every request). */
  readonly secrets: readonly string[];
}

/** What a gateway answered with a 2xx status. */
export interface GatewayAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends one request; resolves with a 2xx answer, rejects with an {@link SmsSendError} for any
 * other status (retryable for 5xx, 408 and 429), a timeout or a network error (retryable).
 */
export async function postToGateway(request: GatewayRequest, body: string, call: GatewayCall): Promise<GatewayAnswer> {
  const { provider, gateway, timeoutMs, dispatcher, secrets } = call;
  const { origin } = request;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body,
      // A redirect could carry the API-key headers to another host.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher,
    });
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) return { status: response.status, text };
    const detail = excerpt(text, secrets) || undefined;
    throw new SmsSendError(withDetail(`${gateway} ${origin} answered HTTP ${response.status}`, detail), {
      provider,
      retryable: isRetryableStatus(response.status),
      status: response.status,
      detail,
    });
  } catch (err) {
    if (err instanceof SmsSendError) throw err;
    if (isTimeout(err)) {
      throw new SmsSendError(`${gateway} ${origin} did not answer within ${timeoutMs} ms`, { provider, retryable: true, code: 'timeout' }, { cause: err });
    }
    const code = networkErrorCode(err) ?? 'network';
    throw new SmsSendError(`${gateway} ${origin} could not be reached (${code})`, { provider, retryable: true, code }, { cause: err });
  }
}
