import { SmsSendError } from '../errors';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import { excerpt } from './sendFailure';

/** One provider's try at delivering a message, as reported to `onAttempt`. */
export interface DeliveryAttempt {
  /** The provider's name. */
  readonly provider: string;
  /** Whether the provider accepted the message. */
  readonly outcome: 'sent' | 'failed';
  /** For a failure: whether the next provider was (or would have been) tried. */
  readonly retryable?: boolean;
  /** For a failure: what went wrong, without credentials. */
  readonly error?: SmsSendError;
}

/**
 * Delivers a message through the first provider that accepts it.
 *
 * Providers are tried in order. After a retryable failure (timeout, connection error,
 * 5xx, throttling) the next one is tried; after a permanent one (invalid number, bad
 * credentials) delivery stops, since another provider would most likely fail the same way
 * or the fault is in the configuration. Rejects with the last {@link SmsSendError}; a
 * provider rejecting with anything else counts as a retryable failure.
 *
 * @param providers - The providers, in order of preference; at least one (the `provider` option ensures it).
 * @param message - The message to deliver.
 * @param onAttempt - Called once per try, before the next one starts; it must not throw.
 * @returns The name of the provider that accepted the message, and the ids of its parts when that provider reports them ({@link SentMessage}).
 */
export async function deliverWithFailover(
  providers: readonly SmsProvider[],
  message: SmsMessage,
  onAttempt: (attempt: DeliveryAttempt) => void = () => undefined,
): Promise<{ provider: string; messageIds: readonly string[] | undefined }> {
  let lastError: SmsSendError | undefined;
  for (const provider of providers) {
    try {
      const sent = await provider.send(message);
      onAttempt({ provider: provider.name, outcome: 'sent' });
      return { provider: provider.name, messageIds: messageIdsOf(sent) };
    } catch (err) {
      lastError = toSendError(err, provider.name);
      onAttempt({ provider: provider.name, outcome: 'failed', retryable: lastError.retryable, error: lastError });
      if (!lastError.retryable) break;
    }
  }
  throw lastError;
}

/** The ids a provider resolved with (`{ messageIds: [...] }` of non-empty strings), or `undefined`. */
function messageIdsOf(sent: unknown): readonly string[] | undefined {
  const ids = (sent as Partial<SentMessage> | null | undefined)?.messageIds;
  return Array.isArray(ids) && ids.length > 0 && ids.every((id) => typeof id === 'string' && id !== '') ? ids : undefined;
}

function toSendError(err: unknown, provider: string): SmsSendError {
  if (err instanceof SmsSendError) return err;
  const text = err instanceof Error ? excerpt(err.message) : undefined;
  return new SmsSendError(`SMS provider ${provider} failed${text ? `: ${text}` : ''}`, { provider, retryable: true, detail: text }, { cause: err });
}
