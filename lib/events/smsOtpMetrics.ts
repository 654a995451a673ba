import type * as PromClient from 'prom-client';
import { SmsOtpError } from '../errors';
import type { SmsOtpEvent, SmsOtpEventType } from './SmsOtpEvent';
import { optionNames, required } from '../config/validate';
import { loadOptionalPeer } from '../providers/loadOptionalPeer';

/**
 * A prom-client `Registry`, typed by the parts this package uses so that the package's types
 * compile in apps that do not install prom-client.
 */
export interface MetricsRegistry {
  getSingleMetric(name: string): unknown;
  registerMetric(metric: object): void;
}

/** Options of {@link smsOtpMetrics}. */
export interface SmsOtpMetricsOptions {
  /**
   * The prom-client registry the metrics are registered in.
   * Default: prom-client's global `register` (the one `register.metrics()` serves).
   */
  register?: MetricsRegistry;
}

const METRICS_OPTIONS = optionNames<SmsOtpMetricsOptions>({ register: true });

/** Counter of every event, labelled `strategy`, `type`, `reason` and `provider`. */
const EVENTS_METRIC = 'sms_otp_events_total';
/** Histogram of how long sends took, in seconds, labelled `provider` and `outcome` (`sent`, `failed`). */
const SEND_DURATION_METRIC = 'sms_otp_send_duration_seconds';

/** An SMS API answers in a fraction of a second when well, and providers time out at about 20 seconds. */
const SEND_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30];

/** The events that time a send, and the outcome each is counted under. */
const SEND_OUTCOMES: Partial<Record<SmsOtpEventType, 'sent' | 'failed'>> = { sent: 'sent', resent: 'sent', send_failed: 'failed' };

type EventLabels = 'strategy' | 'type' | 'reason' | 'provider';
type DurationLabels = 'provider' | 'outcome';

/**
 * Prometheus metrics for the strategy's events: pass the handler as the `onEvent` option.
 *
 * Counts `sms_otp_events_total{strategy, type, reason, provider}` (a label the event lacks is `''`;
 * `strategy` tells apart two strategies that share the handler, such as `sms-otp` and `sms-otp-admin`) and
 * observes `sms_otp_send_duration_seconds{provider, outcome}` for `sent`, `resent` (outcome
 * `sent`) and `send_failed` (outcome `failed`). Calling it again with the same registry reuses
 * the metrics already there, so building the strategy twice (tests, hot reload) does not throw.
 *
 * prom-client is an optional peer dependency, loaded only when this function is called.
 *
 * @example
 * ```ts
 * import { register } from 'prom-client';
 * const strategy = new SmsOtpStrategy({ onEvent: smsOtpMetrics() });
 * app.get('/metrics', async (_req, res) => res.type(register.contentType).send(await register.metrics()));
 * ```
 * @throws {SmsOtpError} when prom-client is not installed, or when the registry already has a metric
 * of one of these names of another kind.
 * @throws {InvalidOptionError} for an unknown option.
 */
export function smsOtpMetrics(options: SmsOtpMetricsOptions = {}): (event: SmsOtpEvent) => void {
  const given = required.options<SmsOtpMetricsOptions>('smsOtpMetrics', options, METRICS_OPTIONS, 'an object { register? }');
  const prom = loadOptionalPeer<typeof PromClient>('prom-client', 'smsOtpMetrics()');
  const register = (given.register ?? prom.register) as PromClient.Registry;

  const events =
    existing<PromClient.Counter<EventLabels>>(register, EVENTS_METRIC, 'Counter') ??
    new prom.Counter({
      name: EVENTS_METRIC,
      help: 'SMS one-time-password events (sent, verified, failed, locked, send_refused...) by strategy, type, reason and provider.',
      labelNames: ['strategy', 'type', 'reason', 'provider'],
      registers: [register],
    });
  const durations =
    existing<PromClient.Histogram<DurationLabels>>(register, SEND_DURATION_METRIC, 'Histogram') ??
    new prom.Histogram({
      name: SEND_DURATION_METRIC,
      help: 'Time to hand an SMS one-time password to the provider(s), in seconds, by provider and outcome (sent, failed).',
      labelNames: ['provider', 'outcome'],
      buckets: SEND_DURATION_BUCKETS,
      registers: [register],
    });

  return (event) => {
    const provider = event.provider ?? '';
    events.inc({ strategy: event.strategy, type: event.type, reason: event.reason ?? '', provider });
    const outcome = SEND_OUTCOMES[event.type];
    const ms = event.durationMs;
    if (outcome && ms !== undefined && Number.isFinite(ms) && ms >= 0) durations.observe({ provider, outcome }, ms / 1000);
  };
}

/**
 * The metric a previous call registered. Told by its class name rather than `instanceof`, since the
 * app's registry may come from another copy of prom-client.
 */
function existing<T>(register: PromClient.Registry, name: string, kind: 'Counter' | 'Histogram'): T | undefined {
  const metric: object | undefined = register.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (metric.constructor.name !== kind) {
    throw new SmsOtpError(
      `smsOtpMetrics() cannot register "${name}": the registry already has a ${metric.constructor.name} of that name, not a ${kind}. ` +
        'Pass another registry in the "register" option.',
    );
  }
  return metric as T;
}
