import { leastLevelOf, logEvent } from './logEvent';
import type { SmsOtpEvent, SmsOtpEventType } from './SmsOtpEvent';
import { hears, SILENT, type SmsOtpLogger } from './SmsOtpLogger';

/** Where events go: the package's logger, and the app's hook. */
export interface EventSinks {
  readonly logger: SmsOtpLogger;
  readonly onEvent: ((event: SmsOtpEvent) => void | Promise<void>) | undefined;
}

/**
 * Whether anyone hears an event of this type and reason: the app's hook, or the logger at the event's
 * level. Otherwise it is not even built (with the default logger, a successful sign-in builds none).
 */
export function wantsEvent(sinks: EventSinks, type: SmsOtpEventType, reason?: string): boolean {
  return sinks.onEvent !== undefined || hears(sinks.logger, leastLevelOf(type, reason));
}

/** Logs an event and calls the app's hook, without letting the hook break or slow down the sign-in. */
export function emitEvent(sinks: EventSinks, event: SmsOtpEvent): void {
  if (sinks.logger !== SILENT) logEvent(sinks.logger, event);
  const hook = sinks.onEvent;
  if (!hook) return;
  const hookFailed = (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    sinks.logger.warn({ event: event.type, reason }, `${event.strategy}: the onEvent hook failed and was ignored`);
  };
  try {
    const result = hook(event);
    if (result && typeof result.then === 'function') result.then(undefined, hookFailed);
  } catch (err) {
    hookFailed(err);
  }
}
