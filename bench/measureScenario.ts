import { AppProcess } from './AppProcess';
import { drive, type LoadResult, type RequestSpec } from './loadDriver';
import type { Backend, PendingMemory } from './protocol';
import type { CommandCounts, RedisServer } from './RedisServer';
import type { Scenario, ScenarioId } from './scenarios';

/** How to measure one scenario once. */
export interface MeasureOptions {
  /** Measured seconds (the requests prepared are sized from it and `rate`). */
  readonly seconds: number;
  /** Requests per second expected, to size a CPU-bound scenario's requests. */
  readonly rate: number;
  /** Load generator connections, instead of the scenario's own. */
  readonly connections?: number;
  /**
   * Also count the OTP store's round trips and the memory per pending sign-in. They are facts of
   * the code, not of the machine's load, so one round counts them.
   */
  readonly countCode: boolean;
  /** Write a CPU profile of the app process into this folder. */
  readonly cpuProfileDir?: string;
  readonly log?: (line: string) => void;
}

/** One scenario on one backend, measured once (one round). */
export interface ScenarioResult extends LoadResult {
  readonly scenario: ScenarioId;
  readonly backend: Backend;
  readonly title: string;
  /** 1 for the first round. */
  readonly round: number;
  readonly connections: number;
  /** Set when a response had another status than expected, or a request failed. */
  readonly problem?: string;
  /** Texts sent during the measured requests, and the most in flight at once. */
  readonly sends: number;
  readonly peakSendsInFlight: number;
  /** Share of one core the app process used while measured (Node runs the app on one thread: 1 is saturated). */
  readonly appCpu: number;
  /** Redis backend: commands per request by name, and the OTP store's own round trips per request. */
  readonly redis?: {
    /** Every command Redis ran (scripts' inner commands included), per measured request. */
    readonly commandsPerRequest: CommandCounts;
    /** Requests the OTP store sent, per measured request. */
    readonly otpStoreCommandsPerRequest: number;
    /**
     * The OTP store's round trips per request that the response waits for, from requests sent one
     * at a time after the measured run (`countCode` only).
     */
    readonly otpStoreRoundTripsPerRequest?: number;
    /** Its round trips per request that nothing waits for (a verified code's count in its toll-fraud groups), apart (`countCode` only). */
    readonly otpStoreUnawaitedRoundTripsPerRequest?: number;
  };
  /** Memory per pending sign-in, measured on the sessions prepared for d (`countCode` only). */
  readonly pendingMemory?: PendingMemory;
}

/** Bounds on the requests prepared per scenario, to keep the run short and the memory small. */
const MIN_REQUESTS = 100;
const MAX_REQUESTS = 30_000;
/** Requests sent one at a time after the measured run, to count the OTP store's round trips exactly. */
const PROBE_REQUESTS = 20;

/** Measures a scenario in a fresh app process: prepares its sessions, warms up, then measures. */
export async function measureScenario(
  scenario: Scenario,
  backend: Backend,
  round: number,
  redis: RedisServer | undefined,
  options: MeasureOptions,
): Promise<ScenarioResult> {
  const connections = options.connections ?? scenario.connections;
  // e is bounded by the provider, the others by the CPU: `rate` sizes them to about `seconds`.
  const rate = scenario.providerLatencyMs > 0 ? (connections * 1000) / scenario.providerLatencyMs : options.rate;
  const count = clamp(Math.round(rate * options.seconds), MIN_REQUESTS, MAX_REQUESTS);
  // autocannon needs at least one request per connection.
  const warmup = Math.max(connections, clamp(Math.round(count * 0.15), 50, 1000));
  const measuredCount = Math.max(connections, count);
  const probes = redis && options.countCode ? PROBE_REQUESTS : 0;
  const prepared = warmup + measuredCount + probes;
  await redis?.reset();
  const timing = phaseTimer(options.log, `${backend} ${scenario.id} round ${round}`);
  const app = await AppProcess.start(
    { backend, redisUrl: redis?.url, providerLatencyMs: scenario.providerLatencyMs, users: Math.max(10_000, prepared), logger: scenario.logger },
    { cpuProfileDir: options.cpuProfileDir },
  );
  timing('app started');
  try {
    const load = await scenario.prepare(app, scenario.id === 'a' ? 0 : prepared);
    timing(`${prepared} sessions prepared`);
    const pendingMemory = scenario.id === 'd' && options.countCode ? await app.pendingMemory() : undefined;
    const bounded = load.available !== undefined;
    await drive(app.port, {
      connections,
      ...(bounded ? { amount: warmup } : { seconds: Math.max(0.3, options.seconds / 5) }),
      request: load.request,
    });

    const before = await app.stats();
    await redis?.resetStats();
    const measured = await drive(app.port, {
      connections,
      ...(bounded ? { amount: measuredCount } : { seconds: options.seconds }),
      request: (i) => load.request(bounded ? warmup + i : i),
    });
    timing('measured');
    const after = await app.stats();
    const per = (n: number) => (measured.requests ? n / measured.requests : 0);
    const redisCounts = redis ? await redis.commandCounts() : undefined;
    const probed = probes ? await probeRoundTrips(app, probes, (i) => load.request(bounded ? warmup + measuredCount + i : i)) : undefined;
    return {
      scenario: scenario.id,
      backend,
      title: scenario.title,
      round,
      connections,
      ...measured,
      problem: problemOf(scenario, measured),
      sends: after.sends - before.sends,
      peakSendsInFlight: after.peakSendsInFlight,
      appCpu: round2((after.cpuMicros - before.cpuMicros) / 1e6 / measured.seconds),
      redis: redisCounts && {
        commandsPerRequest: Object.fromEntries(Object.entries(redisCounts).map(([name, calls]) => [name, round2(per(calls))])),
        otpStoreCommandsPerRequest: round2(per(after.otpStoreCommands - before.otpStoreCommands)),
        otpStoreRoundTripsPerRequest: probed?.awaited,
        otpStoreUnawaitedRoundTripsPerRequest: probed?.unawaited,
      },
      pendingMemory,
    };
  } finally {
    await app.stop();
  }
}

/** The OTP store's round trips per request, awaited or not, with one request in flight at a time. */
async function probeRoundTrips(app: AppProcess, probes: number, request: (i: number) => RequestSpec): Promise<{ awaited: number; unawaited: number }> {
  const before = await app.stats();
  await drive(app.port, { connections: 1, amount: probes, request });
  const after = await app.stats();
  return {
    awaited: (after.otpStoreRoundTrips - before.otpStoreRoundTrips) / probes,
    unawaited: (after.otpStoreUnawaitedRoundTrips - before.otpStoreUnawaitedRoundTrips) / probes,
  };
}

function problemOf(scenario: Scenario, result: LoadResult): string | undefined {
  const unexpected = Object.entries(result.statuses).filter(([status]) => status !== String(scenario.expectedStatus));
  if (result.requests === 0) return 'no responses';
  if (unexpected.length === 0 && result.errors === 0) return undefined;
  const parts = unexpected.map(([status, count]) => `${count}× HTTP ${status}`);
  if (result.errors) parts.push(`${result.errors} errors/timeouts`);
  return `expected HTTP ${scenario.expectedStatus}, got ${parts.join(', ')}`;
}

/** Logs how long each phase of a scenario took, when the environment variable BENCH_TIMING is set. */
function phaseTimer(log: MeasureOptions['log'], label: string): (phase: string) => void {
  let last = Date.now();
  return (phase) => {
    const now = Date.now();
    if (process.env.BENCH_TIMING) log?.(`  ${label}: ${phase} in ${now - last} ms`);
    last = now;
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
