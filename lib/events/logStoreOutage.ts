import type { OtpStoreUnavailableError } from '../errors';
import type { SmsOtpLogger } from './SmsOtpLogger';

/** Reports that the store could not be reached and the request failed closed, naming the strategy. */
export function logStoreOutage(settings: { readonly logger: SmsOtpLogger; readonly name: string }, err: OtpStoreUnavailableError): void {
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  settings.logger.error({ error: err.message, cause }, `${settings.name} store unavailable: the request failed closed (503)`);
}
