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

/** Histogram of the time from a send to the receipt that said delivered, in seconds, labelled `provider`. */
const DELIVERY_METRIC = 'sms_otp_delivery_seconds';
/** Counter of receipts that said a message failed, labelled `provider` and `code` (the provider's error code). */
const DELIVERY_FAILURES_METRIC = 'sms_otp_delivery_failures_total';

/** Counter of codes sent (`sent`, `resent`) while `tollFraud` is on, labelled `country`: the denominator of a country's conversion rate. */
const TOLL_FRAUD_SENDS_METRIC = 'sms_otp_toll_fraud_sends_total';
/** Counter of codes verified while `tollFraud` is on, labelled `country`: the numerator of a country's conversion rate. */
const TOLL_FRAUD_VERIFIED_METRIC = 'sms_otp_toll_fraud_verified_total';
/** Counter of toll-fraud episodes started (`fraud_suspected`), labelled `reason`. */
const TOLL_FRAUD_PAUSES_METRIC = 'sms_otp_toll_fraud_pauses_total';

/** A text usually reaches the handset within seconds; a carrier may hold it for minutes. */
const DELIVERY_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

/** An SMS API answers in a fraction of a second when well, and providers time out at about 20 seconds. */
const SEND_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30];

/** The events that time a send, and the outcome each is counted under. */
const SEND_OUTCOMES: Partial<Record<SmsOtpEventType, 'sent' | 'failed'>> = { sent: 'sent', resent: 'sent', send_failed: 'failed' };

type EventLabels = 'strategy' | 'type' | 'reason' | 'provider';
type DurationLabels = 'provider' | 'outcome';
type FailureLabels = 'provider' | 'code';

/**
 * Prometheus metrics for the strategy's events: pass the handler as the `onEvent` option.
 *
 * Counts `sms_otp_events_total{strategy, type, reason, provider}` (a label the event lacks is `''`;
 * `strategy` tells apart two strategies that share the handler, such as `sms-otp` and `sms-otp-admin`) and
 * observes `sms_otp_send_duration_seconds{provider, outcome}` for `sent`, `resent` (outcome
 * `sent`) and `send_failed` (outcome `failed`); with delivery receipts, observes
 * `sms_otp_delivery_seconds{provider}` for `delivered` (from the send to the receipt) and counts
 * `sms_otp_delivery_failures_total{provider, code}` for `delivery_failed`. While `tollFraud` is on (its events carry
 * the number's `country`), counts `sms_otp_toll_fraud_sends_total{country}` for `sent` and `resent`,
 * `sms_otp_toll_fraud_verified_total{country}` for `verified` (their ratio is a country's conversion rate), and
 * `sms_otp_toll_fraud_pauses_total{reason}` for `fraud_suspected`. Calling it again with the same registry reuses
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

  const deliveries =
    existing<PromClient.Histogram<'provider'>>(register, DELIVERY_METRIC, 'Histogram') ??
    new prom.Histogram({
      name: DELIVERY_METRIC,
      help: 'Time from sending an SMS one-time password to the receipt that said it was delivered, in seconds, by provider.',
      labelNames: ['provider'],
      buckets: DELIVERY_BUCKETS,
      registers: [register],
    });
  const failures =
    existing<PromClient.Counter<FailureLabels>>(register, DELIVERY_FAILURES_METRIC, 'Counter') ??
    new prom.Counter({
      name: DELIVERY_FAILURES_METRIC,
      help: 'SMS one-time passwords a receipt said were not delivered, by provider and the provider\'s error code.',
      labelNames: ['provider', 'code'],
      registers: [register],
    });

  const counter = (name: string, help: string, label: 'country' | 'reason') =>
    existing<PromClient.Counter<typeof label>>(register, name, 'Counter') ?? new prom.Counter({ name, help, labelNames: [label], registers: [register] });
  const tollFraudSends = counter(TOLL_FRAUD_SENDS_METRIC, 'SMS one-time passwords sent while tollFraud is on, by country (ISO code, or calling code such as +1).', 'country');
  const tollFraudVerified = counter(TOLL_FRAUD_VERIFIED_METRIC, 'SMS one-time passwords verified while tollFraud is on, by country: with the sends, the conversion rate.', 'country');
  const tollFraudPauses = counter(TOLL_FRAUD_PAUSES_METRIC, 'Toll-fraud episodes started (fraud_suspected): a group of numbers whose sends are refused, by reason.', 'reason');

  return (event) => {
    const provider = event.provider ?? '';
    events.inc({ strategy: event.strategy, type: event.type, reason: event.reason ?? '', provider });
    const outcome = SEND_OUTCOMES[event.type];
    const ms = event.durationMs;
    if (outcome && ms !== undefined && Number.isFinite(ms) && ms >= 0) durations.observe({ provider, outcome }, ms / 1000);
    if (event.type === 'delivered' && event.latencyMs !== undefined && event.latencyMs >= 0) deliveries.observe({ provider }, event.latencyMs / 1000);
    if (event.type === 'delivery_failed') failures.inc({ provider, code: String(event.code ?? '') });
    const country = event.country;
    if (country !== undefined && (event.type === 'sent' || event.type === 'resent')) tollFraudSends.inc({ country });
    if (country !== undefined && event.type === 'verified') tollFraudVerified.inc({ country });
    if (event.type === 'fraud_suspected') tollFraudPauses.inc({ reason: event.reason ?? '' });
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
