import { measureScenario, type ScenarioResult } from './measureScenario';
import type { Backend } from './protocol';
import { PUMPING_SCENARIO, runPumping, type PumpingResult } from './pumpingScenario';
import { RedisServer } from './RedisServer';
import { SCENARIO_IDS, SCENARIOS, type ScenarioId } from './scenarios';

/** A load scenario, or g, the pumping simulation. */
export type BenchScenarioId = ScenarioId | typeof PUMPING_SCENARIO.id;

/** Options of `runBench`. */
export interface BenchOptions {
  /** Short runs for a quick look (one round, about 30 s in all). Default false. */
  readonly quick?: boolean;
  /** Default both. */
  readonly backends?: readonly Backend[];
  /**
   * Default every scenario: a to f with dq beside d, then g (the pumping simulation, once, on a
   * MemoryOtpStore whatever the backends; a quick run leaves it out unless it is named).
   */
  readonly scenarios?: readonly BenchScenarioId[];
  /** Measured seconds per scenario and round (the requests prepared are sized from it). Default 3, quick 0.5. */
  readonly seconds?: number;
  /** Rounds, each running every scenario once, in turn. Default 3, quick 1. */
  readonly rounds?: number;
  /** Load generator connections for every scenario, instead of each scenario's own. */
  readonly connections?: number;
  /** Requests per second assumed when sizing b to d and f before a has been measured. Default 1000. */
  readonly rateHint?: number;
  /** Write a CPU profile of each app process into this folder. */
  readonly cpuProfileDir?: string;
  /** Progress lines. Default: none. */
  readonly log?: (line: string) => void;
}

/** Everything one bench run measured. */
export interface BenchRun {
  /** Rounds run and measured seconds per scenario in each. */
  readonly rounds: number;
  readonly seconds: number;
  /** Every scenario of every round, in the order run. */
  readonly results: ScenarioResult[];
  /** Backends that could not run, and why. */
  readonly skipped: { readonly backend: Backend; readonly reason: string }[];
  /** Scenario g, when it ran. */
  pumping?: PumpingResult;
}

const DEFAULTS = {
  full: { seconds: 3, rounds: 3 },
  quick: { seconds: 0.5, rounds: 1 },
};

/**
 * Runs the scenarios on the backends, one fresh app process per scenario and round. The rounds
 * alternate the scenarios (a b c … f, a b c … f), so that a slow spell of a shared machine
 * lands on one round of several scenarios, not on every round of one.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const log = options.log ?? (() => undefined);
  const defaults = options.quick ? DEFAULTS.quick : DEFAULTS.full;
  const backends = options.backends ?? ['memory', 'redis'];
  const ids = (options.scenarios ?? SCENARIO_IDS).filter((id): id is ScenarioId => id !== PUMPING_SCENARIO.id);
  const pumping = options.scenarios ? options.scenarios.includes(PUMPING_SCENARIO.id) : !options.quick;
  const seconds = options.seconds ?? defaults.seconds;
  const rounds = options.rounds ?? defaults.rounds;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a whole number from 1; got ${rounds}`);
  const run: BenchRun = { rounds, seconds, results: [], skipped: [] };

  for (const backend of ids.length > 0 ? backends : []) {
    const redis = backend === 'redis' ? await RedisServer.start() : undefined;
    try {
      // Each scenario is sized by its own last rate, or a's before it has one.
      const rates = new Map<ScenarioId, number>();
      for (let round = 1; round <= rounds; round += 1) {
        for (const id of ids) {
          const rate = rates.get(id) ?? rates.get('a') ?? options.rateHint ?? 1000;
          const result = await measureScenario(SCENARIOS[id], backend, round, redis, {
            seconds,
            rate,
            connections: options.connections,
            countCode: round === 1,
            cpuProfileDir: options.cpuProfileDir,
            log,
          });
          if (!result.problem) rates.set(id, result.requestsPerSecond);
          log(
            `${backend} round ${round}/${rounds} ${id}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.problem ? ` (${result.problem})` : ''}`,
          );
          run.results.push(result);
        }
      }
    } finally {
      await redis?.stop();
    }
  }
  if (pumping) run.pumping = await runPumping({ log });
  return run;
}
