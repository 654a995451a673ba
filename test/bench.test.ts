import { runBench } from '../bench/harness';
import type { ScenarioResult } from '../bench/measureScenario';
import { buildReport } from '../bench/report';
import type { ScenarioId } from '../bench/scenarios';
import { summarize } from '../bench/summary';
import { checkTargets, ratiosOf } from '../bench/targets';

/** One round of a scenario, as measureScenario reports it. */
const round = (scenario: ScenarioId, n: number, requestsPerSecond: number): ScenarioResult => ({
  scenario,
  backend: 'memory',
  title: scenario,
  round: n,
  connections: 32,
  requests: 100,
  seconds: 1,
  requestsPerSecond,
  p50: n,
  p99: 10 * n,
  statuses: { 302: 100 },
  errors: 0,
  sends: 0,
  peakSendsInFlight: 0,
  appCpu: 1,
});

// Keeps the benchmark harness from rotting: tiny runs, checked for numbers, never for speed.
describe('the benchmark harness', () => {
  it('runs the SMS OTP verify and the bare sign-in floor in alternating rounds and reports their medians', async () => {
    const run = await runBench({ backends: ['memory'], scenarios: ['d', 'f'], rounds: 2, seconds: 0.1, connections: 2, rateHint: 1000 });
    expect(run.results.map((result) => `${result.scenario}${result.round}`)).toEqual(['d1', 'f1', 'd2', 'f2']);
    for (const result of run.results) {
      expect(result.problem).toBeUndefined();
      expect(result.requests).toBeGreaterThan(0);
      for (const value of [result.requestsPerSecond, result.p50, result.p99]) expect(Number.isFinite(value)).toBe(true);
    }
    const report = buildReport(run, 'custom');
    expect(report.scenarios.map((summary) => summary.scenario)).toEqual(['d', 'f']);
    expect(report.ratios.memory?.['d/f']).toBeGreaterThan(0);
    expect(report.targets.map((check) => check.target)).toContain('memory: d/f ≥ 0.9');
    expect(report.pendingMemory.memory?.sessionBytes).toBeGreaterThan(0);
  }, 60_000);

  it('takes each scenario’s median over the rounds, and ratios of medians', () => {
    const rounds = [round('d', 1, 900), round('f', 1, 1000), round('d', 2, 300), round('f', 2, 1200), round('d', 3, 1000), round('f', 3, 1100)];
    const [d, f] = summarize(rounds);
    expect([d.requestsPerSecond, d.minRequestsPerSecond, d.maxRequestsPerSecond, d.p50, d.p99, d.requests]).toEqual([900, 300, 1000, 2, 20, 300]);
    expect(f.requestsPerSecond).toBe(1100);
    expect(ratiosOf([d, f], 'memory')['d/f']).toBeCloseTo(900 / 1100, 10);
  });

  it('checks that d with the default logger is within 3 % of d with logger: false, either way', () => {
    const check = (d: number, dq: number) => {
      const summaries = summarize([round('d', 1, d), round('dq', 1, dq)]);
      return checkTargets(summaries, { memory: ratiosOf(summaries, 'memory') }, {}, {}).find((target) => target.target === 'memory: 0.97 ≤ d/dq ≤ 1.03');
    };
    expect(check(980, 1000)).toEqual({ target: 'memory: 0.97 ≤ d/dq ≤ 1.03', value: '0.980', met: true });
    expect(check(950, 1000)?.met).toBe(false);
    expect(check(1050, 1000)?.met).toBe(false);
  });
});
