import { cpus } from 'node:os';
import type { BenchRun } from './harness';
import type { ScenarioResult } from './measureScenario';
import type { Backend, PendingMemory } from './protocol';
import { formatPumping } from './pumpingReport';
import type { PumpingResult } from './pumpingScenario';
import { summarize, type ScenarioSummary } from './summary';
import { checkTargets, otpStoreRoundTripsOf, RATIO_NAMES, ratiosOf, type OtpStoreRoundTrips, type Ratios, type TargetCheck } from './targets';

/** What `bench/results/latest.json` holds. */
export interface BenchReport {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly platform: string };
  readonly mode: 'full' | 'quick' | 'custom';
  /** Rounds run, and measured seconds per scenario in each. */
  readonly rounds: number;
  readonly seconds: number;
  /** Each scenario on each backend over the rounds: median rate and its spread. */
  readonly scenarios: ScenarioSummary[];
  /** Ratios of median rates, unrounded. */
  readonly ratios: Partial<Record<Backend, Ratios>>;
  /** Redis backend. */
  readonly otpStoreRoundTrips: OtpStoreRoundTrips;
  readonly pendingMemory: Partial<Record<Backend, PendingMemory>>;
  /** Scenario g, when it ran. */
  readonly pumping?: PumpingResult;
  readonly targets: TargetCheck[];
  /** Every round of every scenario, in the order run. */
  readonly results: ScenarioResult[];
  readonly skipped: BenchRun['skipped'];
}

export function buildReport(run: BenchRun, mode: BenchReport['mode']): BenchReport {
  const scenarios = summarize(run.results);
  const ratios: BenchReport['ratios'] = {};
  const pendingMemory: BenchReport['pendingMemory'] = {};
  for (const backend of ['memory', 'redis'] as const) {
    if (!scenarios.some((summary) => summary.backend === backend)) continue;
    ratios[backend] = ratiosOf(scenarios, backend);
    const memory = scenarios.find((summary) => summary.backend === backend && summary.scenario === 'd')?.pendingMemory;
    if (memory) pendingMemory[backend] = memory;
  }
  const otpStoreRoundTrips = otpStoreRoundTripsOf(scenarios);
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` },
    mode,
    rounds: run.rounds,
    seconds: run.seconds,
    scenarios,
    ratios,
    otpStoreRoundTrips,
    pendingMemory,
    pumping: run.pumping,
    targets: checkTargets(scenarios, ratios, otpStoreRoundTrips, pendingMemory, run.pumping),
    results: run.results,
    skipped: run.skipped,
  };
}

/** The report as text for the terminal and BENCHMARKS.md. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const { machine } = report;
  lines.push(`passport-sms-otp bench (${report.mode}) — ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${report.date}`);
  if (report.scenarios.length > 0) lines.push(...loadTable(report));
  lines.push('');
  for (const [backend, ratios] of Object.entries(report.ratios)) {
    lines.push(`ratios of medians (${backend}): ${RATIO_NAMES.map((name) => `${name} ${fmt(ratios[name])}`).join(', ')}`);
  }
  const { verifyRoundTrips, promptRoundTrips } = report.otpStoreRoundTrips;
  if (verifyRoundTrips !== undefined || promptRoundTrips !== undefined) {
    lines.push(`OTP store round trips (redis): verifyRoundTrips ${verifyRoundTrips ?? 'n/a'}, promptRoundTrips ${promptRoundTrips ?? 'n/a'}`);
  }
  for (const [backend, memory] of Object.entries(report.pendingMemory)) {
    lines.push(
      `memory per pending sign-in (${backend}): session ${memory.sessionBytes} B + store ${memory.storeBytes} B = ${memory.sessionBytes + memory.storeBytes} B (store: ${memory.storeMeasure}; ${memory.sampled} sessions sampled)`,
    );
  }
  for (const summary of report.scenarios) {
    if (summary.redis && summary.redis.otpStoreCommandsPerRequest > 0) {
      const unawaited = summary.redis.otpStoreUnawaitedRoundTripsPerRequest;
      const more = unawaited ? `, and ${unawaited} more not awaited (the verified code's count in its toll-fraud groups)` : '';
      lines.push(`OTP store per request of ${summary.scenario} (redis): ${summary.redis.otpStoreCommandsPerRequest} requests to Redis in ${summary.otpStoreRoundTrips ?? 'n/a'} round trips before the response${more}`);
    }
  }
  const verify = report.scenarios.find((summary) => summary.backend === 'redis' && summary.scenario === 'd')?.redis;
  if (verify) {
    const commands = Object.entries(verify.commandsPerRequest)
      .filter(([, calls]) => calls > 0)
      .map(([name, calls]) => `${name} ${calls}`)
      .join(', ');
    lines.push(`redis commands per verify (INFO commandstats, script-internal commands included, first round): ${commands}`);
  }
  for (const skipped of report.skipped) lines.push(`${skipped.backend}: skipped — ${skipped.reason}`);
  if (report.pumping) lines.push('', ...formatPumping(report.pumping));
  lines.push('', 'targets (checked on unrounded values):');
  for (const check of report.targets) lines.push(`  ${check.met ? 'met   ' : 'MISSED'} ${check.target}: ${check.value}`);
  return lines.join('\n');
}

/** The load scenarios' medians, one row per scenario and backend. */
function loadTable(report: BenchReport): string[] {
  const lines: string[] = [];
  lines.push(`${report.rounds} round${report.rounds === 1 ? '' : 's'} of ${report.seconds} s per scenario, scenarios alternating; req/s, p50 and p99 are medians over the rounds`, '');
  lines.push(
    '| scenario | backend | req/s | min–max | p50 ms | p99 ms | requests | conns | app CPU | OTP store round trips |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const summary of report.scenarios) {
    const note = summary.problem ? ` ⚠ ${summary.problem}` : '';
    const spread = `${Math.round(summary.minRequestsPerSecond)}–${Math.round(summary.maxRequestsPerSecond)}`;
    const trips = summary.otpStoreRoundTrips ?? '–';
    lines.push(
      `| ${summary.scenario}. ${summary.title}${note} | ${summary.backend} | ${Math.round(summary.requestsPerSecond)} | ${spread} | ${summary.p50} | ${summary.p99} | ${summary.requests} | ${summary.connections} | ${Math.round(summary.appCpu * 100)} % | ${trips} |`,
    );
  }
  return lines;
}

function fmt(value: number | undefined): string {
  return value === undefined ? 'n/a' : value.toFixed(2);
}
