import type { ScenarioResult } from './measureScenario';
import type { Backend, PendingMemory } from './protocol';
import type { ScenarioId } from './scenarios';

/** One scenario on one backend over every round: medians, and the spread of the rates. */
export interface ScenarioSummary {
  readonly scenario: ScenarioId;
  readonly backend: Backend;
  readonly title: string;
  readonly connections: number;
  /** Median over the rounds: what ratios and targets use. */
  readonly requestsPerSecond: number;
  /** Each round's rate, in the order run. */
  readonly roundRates: readonly number[];
  readonly minRequestsPerSecond: number;
  readonly maxRequestsPerSecond: number;
  /** Medians over the rounds, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Measured requests of every round together. */
  readonly requests: number;
  /** Median share of one core the app process used. */
  readonly appCpu: number;
  /** The most sends in flight at once, in any round. */
  readonly peakSendsInFlight: number;
  /** The first round's problem, if any round had one: a scenario with a problem has no ratios. */
  readonly problem?: string;
  /** Redis backend: the OTP store's round trips per request (0 where it is not used). */
  readonly otpStoreRoundTrips?: number;
  /** Redis backend, first round: requests the OTP store sent and every command Redis ran, per request. */
  readonly redis?: ScenarioResult['redis'];
  readonly pendingMemory?: PendingMemory;
}

/** Folds the rounds of each scenario on each backend into one summary, in the order first run. */
export function summarize(results: readonly ScenarioResult[]): ScenarioSummary[] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const key = `${result.backend} ${result.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map(summarizeRounds);
}

function summarizeRounds(rounds: readonly ScenarioResult[]): ScenarioSummary {
  const [first] = rounds;
  const rates = rounds.map((round) => round.requestsPerSecond);
  const troubled = rounds.find((round) => round.problem);
  const counted = rounds.find((round) => round.redis?.otpStoreRoundTripsPerRequest !== undefined)?.redis;
  return {
    scenario: first.scenario,
    backend: first.backend,
    title: first.title,
    connections: first.connections,
    requestsPerSecond: median(rates),
    roundRates: rates,
    minRequestsPerSecond: Math.min(...rates),
    maxRequestsPerSecond: Math.max(...rates),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    appCpu: median(rounds.map((round) => round.appCpu)),
    peakSendsInFlight: Math.max(...rounds.map((round) => round.peakSendsInFlight)),
    problem: troubled && `round ${troubled.round}: ${troubled.problem}`,
    otpStoreRoundTrips: counted?.otpStoreRoundTripsPerRequest,
    redis: counted ?? first.redis,
    pendingMemory: rounds.find((round) => round.pendingMemory)?.pendingMemory,
  };
}

/** The middle value; the mean of the two middle ones for an even count. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
