import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, repoTempDir } from './repoTempDir';

/** What `node --test` reported for one file. */
export interface NodeTestResult {
  readonly passed: number;
  readonly failed: number;
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * Writes `source` as an ES module inside the repository (so it imports `passport-sms-otp` as a
 * user would: the built `dist/`) and runs it with `node --test`.
 */
export function runNodeTest(source: string): NodeTestResult {
  const temp = repoTempDir('node-test');
  try {
    const file = path.join(temp.dir, 'suite.test.mjs');
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: repoRoot, encoding: 'utf8' });
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? NaN);
    return { passed: count('pass'), failed: count('fail'), exitCode: run.status, output: run.stdout + run.stderr };
  } finally {
    temp.remove();
  }
}
