import type { SmsOtpEvent } from './SmsOtpEvent';
import type { SmsOtpLogger } from './SmsOtpLogger';

/** Refusals of a number by the phone rules, which a fictional test number runs into. */
const NUMBER_REFUSALS: ReadonlySet<string> = new Set(['invalid_number', 'country_not_allowed', 'number_type_blocked']);

/**
 * Writes one line for an event: what went wrong (a failed send, a refused number, a lockout) as a
 * warning, everything else as info. The event holds no code and a masked number only.
 */
export function logEvent(logger: SmsOtpLogger, event: SmsOtpEvent): void {
  const fields = { ...event, at: event.at.toISOString() };
  if (event.type === 'send_failed') return logger.warn(fields, `sms-otp send_failed: ${event.error ?? `${event.provider ?? 'the provider'} did not take the message`}`);
  if (event.type === 'send_refused' && NUMBER_REFUSALS.has(event.reason ?? '')) {
    const hint =
      process.env.NODE_ENV === 'production' ? '' : ". In development, phoneValidation: 'possible' accepts fictional numbers such as +1 555 555 0100";
    return logger.warn(fields, `sms-otp send_refused: the number cannot receive codes (${event.reason})${hint}`);
  }
  if (event.type === 'locked' && event.reason === 'lockout') return logger.warn(fields, 'sms-otp locked: too many wrong codes, the user is locked out');
  logger.info(fields, `sms-otp ${event.type}`);
}
