/**
 * `npm run bench [-- --quick] [--rounds N] [--backend memory|redis] [--scenario a,b] [--seconds N] [--connections N] [--profile]`:
 * runs the scenarios in alternating rounds, then g (the pumping simulation) once, prints the table of
 * medians and g's outcomes, and writes bench/results/latest.json (and g's own bench/results/pumping.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, type BenchScenarioId } from './harness';
import type { Backend } from './protocol';
import { buildReport, formatReport } from './report';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      backend: { type: 'string' },
      scenario: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const resultsDir = path.join(__dirname, 'results');
  const options = {
    quick: values.quick,
    backends: values.backend ? (values.backend.split(',') as Backend[]) : undefined,
    scenarios: values.scenario ? (values.scenario.split(',') as BenchScenarioId[]) : undefined,
    seconds: values.seconds ? Number(values.seconds) : undefined,
    rounds: values.rounds ? Number(values.rounds) : undefined,
    connections: values.connections ? Number(values.connections) : undefined,
    cpuProfileDir: values.profile ? path.join(resultsDir, 'profiles') : undefined,
    log: (line: string) => process.stderr.write(`${line}\n`),
  };
  const started = Date.now();
  const run = await runBench(options);
  const custom = options.backends || options.scenarios || options.seconds || options.connections;
  const report = buildReport(run, custom ? 'custom' : values.quick ? 'quick' : 'full');
  process.stdout.write(`${formatReport(report)}\n\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  // g's outcomes are facts of the code (seeded, simulated time), kept apart from the load figures.
  if (report.pumping) writeFileSync(path.join(resultsDir, 'pumping.json'), `${JSON.stringify({ date: report.date, machine: report.machine, ...report.pumping }, null, 2)}\n`);
  if (run.results.some((result) => result.problem)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
