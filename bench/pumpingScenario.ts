import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pumpingPlan, PUMPING } from './pumpingPlan';
import type { PumpingOutcome, PumpingVariant } from './pumpingSimulation';
import { ATTACKED_PREFIXES, GENUINE_COUNTRIES } from './simulatedNumbers';

/** Scenario g, the SMS pumping simulation (issue 21): not a load test, so it runs once per bench run. */
export const PUMPING_SCENARIO = { id: 'g', title: 'SMS pumping simulation: 6 simulated hours, the attack among genuine sign-ins' } as const;

/**
 * The configurations compared under the same traffic: the defaults (which the targets are about),
 * no toll-fraud defence (the attack's full bill), and the country rule as eager as the prefix rule
 * (to show why `minCountrySends` defaults to 100).
 */
export const PUMPING_VARIANTS: readonly PumpingVariant[] = [
  { name: 'defaults' },
  { name: 'tollFraud: false', tollFraud: false },
  { name: 'conversion.minCountrySends: 10', tollFraud: { conversion: { minCountrySends: 10 } } },
];

/** What scenario g measured. */
export interface PumpingResult {
  readonly setup: {
    readonly seed: number;
    readonly hours: number;
    readonly attackAttempts: number;
    readonly attackNumbers: number;
    readonly attackAddresses: number;
    readonly attackedPrefixes: readonly string[];
    readonly genuineSignIns: number;
    readonly genuineCountries: readonly string[];
    readonly verifiedShare: number;
  };
  /** One outcome per variant, in the order of `PUMPING_VARIANTS`. */
  readonly variants: readonly PumpingOutcome[];
  /** Wall-clock seconds for all variants, the plan included. */
  readonly seconds: number;
}

/**
 * Runs the simulation once per variant of `PUMPING_VARIANTS`, on the same seeded plan, each in a
 * process of its own, as many at once as the machine has cores. The outcomes do not depend on
 * that: every decision follows the simulated clock, one request at a time.
 */
export async function runPumping(options: { readonly log?: (line: string) => void } = {}): Promise<PumpingResult> {
  const started = performance.now();
  const plan = pumpingPlan();
  const variants = new Array<PumpingOutcome>(PUMPING_VARIANTS.length);
  let next = 0;
  const worker = async () => {
    while (next < PUMPING_VARIANTS.length) {
      const index = next;
      next += 1;
      const outcome = await simulateInProcess(index);
      options.log?.(`g (${outcome.variant}): ${outcome.attackTexts} texts to the attack, ${outcome.genuineRefused} genuine sign-ins refused, ${outcome.seconds.toFixed(1)} s`);
      variants[index] = outcome;
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), PUMPING_VARIANTS.length) }, worker));
  return {
    setup: {
      seed: PUMPING.seed,
      hours: PUMPING.hours,
      attackAttempts: plan.attackAttempts,
      attackNumbers: new Set(plan.attack.map((session) => session.mobile)).size,
      attackAddresses: new Set(plan.attack.map((session) => session.ip)).size,
      attackedPrefixes: ATTACKED_PREFIXES.map(({ country, prefix }) => `${prefix} (${country})`),
      genuineSignIns: plan.genuine.length,
      genuineCountries: GENUINE_COUNTRIES,
      verifiedShare: PUMPING.verifiedShare,
    },
    variants,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Variant `index` in a child process (bench/pumpingWorker.ts, through tsx like the harness). */
async function simulateInProcess(index: number): Promise<PumpingOutcome> {
  const child = fork(path.join(__dirname, 'pumpingWorker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'benchmark', BENCH_PUMPING_VARIANT: String(index) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const outcome = once(child, 'message') as Promise<[PumpingOutcome]>;
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the simulation of ${PUMPING_VARIANTS[index].name} exited with code ${code}`);
  return (await outcome)[0];
}
