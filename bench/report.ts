import { cpus } from 'node:os';
import type { BenchOptions, BenchRun, ScenarioResult } from './harness';
import type { Backend, PendingMemory } from './protocol';
import type { ScenarioId } from './scenarios';

/** The targets. */
const TARGETS = { dOverB: 0.9, dOverA: 0.8, otpRoundTripsPerVerify: 3, sessionBytes: 512, overlapShare: 0.9 };

/** One checked target. */
export interface TargetCheck {
  readonly target: string;
  readonly value: string;
  readonly met: boolean | 'n/a';
}

/** What `bench/results/latest.json` holds. */
export interface BenchReport {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly platform: string };
  readonly mode: 'full' | 'quick' | 'custom';
  readonly results: ScenarioResult[];
  readonly ratios: Partial<Record<Backend, { readonly cOverA?: number; readonly dOverA?: number; readonly dOverB?: number }>>;
  readonly pendingMemory: Partial<Record<Backend, PendingMemory>>;
  readonly targets: TargetCheck[];
  readonly skipped: BenchRun['skipped'];
}

export function buildReport(run: BenchRun, options: BenchOptions, mode: BenchReport['mode']): BenchReport {
  const ratios: BenchReport['ratios'] = {};
  const pendingMemory: BenchReport['pendingMemory'] = {};
  const targets: TargetCheck[] = [];
  for (const backend of ['memory', 'redis'] as const) {
    const rate = (id: ScenarioId) => find(run, backend, id)?.requestsPerSecond;
    const ratio = (x: ScenarioId, y: ScenarioId) => {
      const [top, bottom] = [rate(x), rate(y)];
      // Kept to three places: a target is checked on this, not on the two places shown.
      return top !== undefined && bottom ? Math.round((top / bottom) * 1000) / 1000 : undefined;
    };
    if (!run.results.some((result) => result.backend === backend)) continue;
    ratios[backend] = { cOverA: ratio('c', 'a'), dOverA: ratio('d', 'a'), dOverB: ratio('d', 'b') };
    const memory = find(run, backend, 'd')?.pendingMemory;
    if (memory) pendingMemory[backend] = memory;
    targets.push(...checks(run, backend, ratios[backend] ?? {}, memory));
  }
  void options;
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` },
    mode,
    results: run.results,
    ratios,
    pendingMemory,
    targets,
    skipped: run.skipped,
  };
}

function checks(run: BenchRun, backend: Backend, ratios: BenchReport['ratios'][Backend] & object, memory: PendingMemory | undefined): TargetCheck[] {
  const list: TargetCheck[] = [];
  const atLeast = (target: string, value: number | undefined, bound: number) =>
    value !== undefined && list.push({ target, value: value.toFixed(3), met: value >= bound });
  if (backend === 'memory') {
    atLeast(`memory d/b ≥ ${TARGETS.dOverB}`, ratios.dOverB, TARGETS.dOverB);
    atLeast(`memory d/a ≥ ${TARGETS.dOverA}`, ratios.dOverA, TARGETS.dOverA);
  }
  const verify = find(run, backend, 'd');
  if (backend === 'redis' && verify?.redis) {
    const trips = verify.redis.otpStoreRoundTripsPerRequest;
    list.push({ target: `redis: OTP store round trips per verify ≤ ${TARGETS.otpRoundTripsPerVerify}`, value: String(trips), met: trips <= TARGETS.otpRoundTripsPerVerify });
  }
  if (memory) {
    list.push({ target: `${backend}: session data per pending sign-in ≤ ${TARGETS.sessionBytes} B`, value: `${memory.sessionBytes} B`, met: memory.sessionBytes <= TARGETS.sessionBytes });
  }
  const overlap = find(run, backend, 'e');
  if (overlap) list.push(overlapCheck(backend, overlap, find(run, backend, 'c')));
  return list;
}

/** e: sends overlap when throughput nears connections / latency, or the CPU-bound rate of c. */
function overlapCheck(backend: Backend, e: ScenarioResult, c: ScenarioResult | undefined): TargetCheck {
  const ideal = (e.connections * 1000) / 300;
  const bound = c && c.requestsPerSecond < ideal ? c.requestsPerSecond : ideal;
  const boundName = bound === ideal ? `${Math.round(ideal)}/s = ${e.connections} / 0.3 s` : `${Math.round(bound)}/s, the CPU bound (c's rate)`;
  return {
    target: `${backend}: e throughput ≥ ${TARGETS.overlapShare} × ${boundName}`,
    value: `${Math.round(e.requestsPerSecond)}/s, ${e.peakSendsInFlight} sends in flight at peak`,
    met: e.requestsPerSecond >= TARGETS.overlapShare * bound,
  };
}

function find(run: BenchRun, backend: Backend, id: ScenarioId): ScenarioResult | undefined {
  return run.results.find((result) => result.backend === backend && result.scenario === id && !result.problem);
}

/** The report as text for the terminal and BENCHMARKS.md. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const { machine } = report;
  lines.push(`passport-sms-otp bench (${report.mode}) — ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${report.date}`, '');
  lines.push('| scenario | backend | req/s | p50 ms | p99 ms | requests | conns | app CPU |', '|---|---|--:|--:|--:|--:|--:|--:|');
  for (const result of report.results) {
    const note = result.problem ? ` ⚠ ${result.problem}` : '';
    lines.push(
      `| ${result.scenario}. ${result.title}${note} | ${result.backend} | ${Math.round(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ${result.requests} | ${result.connections} | ${Math.round(result.appCpu * 100)} % |`,
    );
  }
  lines.push('');
  for (const [backend, ratio] of Object.entries(report.ratios)) {
    lines.push(`ratios (${backend}): c/a ${fmt(ratio.cOverA)}, d/a ${fmt(ratio.dOverA)}, d/b ${fmt(ratio.dOverB)}`);
  }
  for (const [backend, memory] of Object.entries(report.pendingMemory)) {
    lines.push(
      `memory per pending sign-in (${backend}): session ${memory.sessionBytes} B + store ${memory.storeBytes} B = ${memory.sessionBytes + memory.storeBytes} B (store: ${memory.storeMeasure}; ${memory.sampled} sessions sampled)`,
    );
  }
  for (const result of report.results) {
    if (result.redis && result.redis.otpStoreCommandsPerRequest > 0 && result.scenario !== 'd') {
      const { otpStoreCommandsPerRequest: commands, otpStoreRoundTripsPerRequest: trips } = result.redis;
      lines.push(`OTP store per request of ${result.scenario} (redis): ${commands} requests to Redis in ${trips} round trips`);
    }
  }
  const verify = report.results.find((result) => result.backend === 'redis' && result.scenario === 'd')?.redis;
  if (verify) {
    const commands = Object.entries(verify.commandsPerRequest)
      .filter(([, calls]) => calls > 0)
      .map(([name, calls]) => `${name} ${calls}`)
      .join(', ');
    lines.push(`redis commands per verify (INFO commandstats, script-internal commands included): ${commands}`);
    lines.push(
      `OTP store per verify: ${verify.otpStoreCommandsPerRequest} requests to Redis in ${verify.otpStoreRoundTripsPerRequest} round trips (the rest is the session store's)`,
    );
  }
  for (const skipped of report.skipped) lines.push(`${skipped.backend}: skipped — ${skipped.reason}`);
  lines.push('', 'targets:');
  for (const check of report.targets) lines.push(`  ${check.met === true ? 'met   ' : check.met === false ? 'MISSED' : 'n/a   '} ${check.target}: ${check.value}`);
  return lines.join('\n');
}

function fmt(value: number | undefined): string {
  return value === undefined ? 'n/a' : value.toFixed(2);
}
