import { logEvent } from './logEvent';
import type { SmsOtpEvent } from './SmsOtpEvent';
import { SILENT, type SmsOtpLogger } from './SmsOtpLogger';

/** Where events go: the package's logger, and the app's hook. */
export interface EventSinks {
  readonly logger: SmsOtpLogger;
  readonly onEvent: ((event: SmsOtpEvent) => void | Promise<void>) | undefined;
}

/** Whether anyone hears events: without a hook and with `logger: false`, none is even built. */
export function wantsEvents(sinks: EventSinks): boolean {
  return sinks.onEvent !== undefined || sinks.logger !== SILENT;
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
