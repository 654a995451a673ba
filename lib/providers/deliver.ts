import { SmsSendError } from '../errors';
import type { SmsMessage, SmsProvider } from './SmsProvider';

/** One provider's try at a message. */
export interface DeliveryAttempt {
  readonly provider: string;
  /** Set when the provider did not take the message. */
  readonly error?: SmsSendError;
}

/**
 * Hands the message to each provider in turn until one takes it. A failure that another provider
 * could not fix (a permanent `SmsSendError`, such as an invalid number) stops at once.
 * Resolves with the name of the provider that took it; rejects with the last failure.
 */
export async function deliver(
  providers: readonly SmsProvider[],
  message: SmsMessage,
  onAttempt: (attempt: DeliveryAttempt) => void,
): Promise<string> {
  let lastError: SmsSendError | undefined;
  for (const provider of providers) {
    try {
      await provider.send(message);
      onAttempt({ provider: provider.name });
      return provider.name;
    } catch (err) {
      lastError = asSendError(provider.name, err);
      onAttempt({ provider: provider.name, error: lastError });
      if (!lastError.retryable) break;
    }
  }
  throw lastError;
}

function asSendError(provider: string, err: unknown): SmsSendError {
  if (err instanceof SmsSendError) return err;
  return new SmsSendError(`${provider} could not send the message`, { provider, retryable: true }, { cause: err });
}
