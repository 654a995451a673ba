import type { OtpStoreUnavailableError } from '../errors';
import type { SmsOtpLogger } from './SmsOtpLogger';

/** Reports that the store could not be reached and the request failed closed. */
export function logStoreOutage(logger: SmsOtpLogger, err: OtpStoreUnavailableError): void {
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  logger.error({ error: err.message, cause }, 'sms-otp store unavailable: the request failed closed (503)');
}
