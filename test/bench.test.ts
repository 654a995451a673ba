import { runBench } from '../bench/harness';

// Keeps the benchmark harness from rotting: one tiny run, checked for numbers, never for speed.
describe('the benchmark harness', () => {
  it('runs a tiny SMS OTP verify scenario and reports its numbers', async () => {
    const run = await runBench({ backends: ['memory'], scenarios: ['d'], seconds: 1, connections: 2, rateHint: 100 });
    expect(run.results).toHaveLength(1);
    const [verify] = run.results;
    expect(verify.problem).toBeUndefined();
    expect(verify.requests).toBeGreaterThan(0);
    for (const value of [verify.requestsPerSecond, verify.p50, verify.p99]) expect(Number.isFinite(value)).toBe(true);
    expect(verify.pendingMemory?.sessionBytes).toBeGreaterThan(0);
  });
});
