import type { SmsOtpEvent, SmsOtpEventType } from './SmsOtpEvent';
import { hears, type LogLevel, type SmsOtpLogger } from './SmsOtpLogger';

/** Refusals of a number by the phone rules, which a fictional test number runs into. */
const NUMBER_REFUSALS: ReadonlySet<string> = new Set(['invalid_number', 'country_not_allowed', 'number_type_blocked']);
/** Refusals by a send quota: the user, number or address is held until the quota refills (or SMS is being pumped). */
const QUOTA_REFUSALS: ReadonlySet<string> = new Set(['quota_user', 'quota_number', 'quota_unverified_number', 'quota_ip']);

/** What each start of a toll-fraud episode (`fraud_suspected`) means. */
const SUSPICIONS: Readonly<Record<string, string>> = {
  prefix_velocity: 'too many codes sent to one prefix within the hour',
  country_velocity: 'too many codes sent to one country within the hour',
  low_conversion: 'too few of the codes sent are verified',
};

/**
 * Writes one line for an event, named by its strategy. What an operator must act on is a warning: a
 * failed send (an error when the provider's set-up is at fault), a number the phone rules refuse, a
 * send quota used up, a lockout. A suspected SMS pumping (`fraud_suspected`, once per episode) is an
 * error; each send it refuses is info. Everything else is info, which the default logger does not
 * write. The event holds no code and a masked number only.
 */
export function logEvent(logger: SmsOtpLogger, event: SmsOtpEvent): void {
  const [level, words] = lineOf(event);
  if (!hears(logger, level)) return;
  logger[level]({ ...event, at: event.at.toISOString() }, `${event.strategy} ${event.type}${words ? `: ${words}` : ''}`);
}

/**
 * The lowest level an event of this type and reason is logged at (a failed send may be an error), so
 * that an event nobody would hear is not even built: with the default logger, no success is.
 */
export function leastLevelOf(type: SmsOtpEventType, reason = ''): LogLevel {
  switch (type) {
    case 'send_failed':
      return 'warn';
    case 'send_refused':
      return NUMBER_REFUSALS.has(reason) || QUOTA_REFUSALS.has(reason) ? 'warn' : 'info';
    case 'locked':
      if (reason === 'held') return 'error';
      return reason === 'lockout' ? 'warn' : 'info';
    case 'fraud_suspected':
      return 'error';
    default:
      return 'info';
  }
}

function lineOf(event: SmsOtpEvent): [LogLevel, string?] {
  const reason = event.reason ?? '';
  const level = leastLevelOf(event.type, reason);
  if (level === 'info') return ['info'];
  switch (event.type) {
    case 'send_failed': {
      const error = event.error ?? `${event.provider ?? 'the provider'} did not take the message`;
      return [event.fault === 'setup' ? 'error' : 'warn', event.detail ? `${error}: ${event.detail}` : error];
    }
    case 'send_refused':
      if (NUMBER_REFUSALS.has(reason)) return ['warn', `the number cannot receive codes (${reason})${fictionalNumberHint()}`];
      return ['warn', `a send quota is used up (${reason}): no code is sent until it refills`];
    case 'fraud_suspected':
      return ['error', `${SUSPICIONS[reason] ?? reason}, as in SMS pumping: sends to ${event.group ?? 'the group'} are refused for now (see the tollFraud option)`];
    default:
      if (reason === 'held') return ['error', 'too many wrong codes in a row: the user is held (no code is sent or compared) until a recovery code or unlock(user)'];
      return ['warn', 'too many wrong codes, the user is locked out'];
  }
}

function fictionalNumberHint(): string {
  return process.env.NODE_ENV === 'production' ? '' : ". In development, phoneValidation: 'possible' accepts fictional numbers such as +1 555 555 0100";
}
