import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeRedis6Beside, redisVersionIn } from './support/nodeRedis6Beside';
import { freePort, OwnRedisServer, waitFor } from './support/redis';
import { repoRoot, repoTempDir } from './support/repoTempDir';

/** The code block that follows `<!-- docs-test: <name> -->` in the Redis guide. */
function guideSnippet(name: string): string {
  const guide = readFileSync(path.join(repoRoot, 'docs', 'operations', 'redis.md'), 'utf8');
  const match = new RegExp(`<!-- docs-test: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(guide);
  if (!match) throw new Error(`docs/operations/redis.md has no snippet marked <!-- docs-test: ${name} -->`);
  return match[1];
}

/** The snippet as `node app.cjs` (or `app.mjs`) runs it, with what it printed. */
class SnippetProcess {
  output = '';
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;

  constructor(file: string, env: Record<string, string>) {
    this.#child = spawn(process.execPath, [path.basename(file)], {
      cwd: path.dirname(file),
      env: { ...process.env, NODE_ENV: 'development', SMS_OTP_SECRET: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.running) this.#child.kill();
    await this.exited;
  }
}

/** What `/health` answers right now, or `'no answer'`. */
async function health(base: string): Promise<string> {
  try {
    const response = await fetch(`${base}/health`);
    return `${response.status} ${await response.text()}`;
  } catch {
    return 'no answer';
  }
}

// The snippets `require('redis')`: the repository's is node-redis 5, and nodeRedis6Beside gives them v6.
const majors = [5, 6] as const;
const snippets = [
  ['redis-cjs', 'app.cjs'],
  ['redis-esm', 'app.mjs'],
] as const;
const matrix = snippets.flatMap(([name, file]) => majors.map((major) => [name, major, file] as const));

describe('the Redis guide’s wiring', () => {
  const dirs = new Map(majors.map((major) => [major, repoTempDir(`redis-snippet-${major}`)]));
  let app: SnippetProcess | undefined;

  beforeAll(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
    nodeRedis6Beside(dirs.get(6)!.dir);
    for (const [major, temp] of dirs) expect(redisVersionIn(temp.dir)).toMatch(new RegExp(`^${major}\\.`));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(() => {
    for (const temp of dirs.values()) temp.remove();
  });

  function write(name: string, major: 5 | 6, file: string): string {
    const target = path.join(dirs.get(major)!.dir, file);
    writeFileSync(target, guideSnippet(name));
    return target;
  }

  it.each(matrix)('%s with node-redis %d exits within 10 s, saying why, when Redis is unreachable at start', async (name, major, file) => {
    const port = await freePort();
    const started = Date.now();
    app = new SnippetProcess(write(name, major, file), { REDIS_URL: `redis://127.0.0.1:${port}`, PORT: String(await freePort()) });
    expect(await app.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(app.output).toMatch(new RegExp(`Could not connect to Redis at 127\\.0\\.0\\.1:${port} within 5 s: connect ECONNREFUSED`));
    expect(app.output).not.toContain('Listening on');
  }, 20_000);

  it.each(matrix)('%s with node-redis %d starts, serves, and reconnects by itself after Redis restarts', async (name, major, file) => {
    const redis = await OwnRedisServer.start();
    try {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      app = new SnippetProcess(write(name, major, file), { REDIS_URL: redis.url, PORT: String(port) });
      const running = app;
      await waitFor(() => running.output.includes(`Listening on http://localhost:${port}`) || !running.running);
      expect(await health(base)).toBe('200 ok');

      await redis.stop();
      await waitFor(async () => (await health(base)) === '503 Redis is unreachable');
      await redis.restart();
      await waitFor(async () => (await health(base)) === '200 ok');
      expect(app.running).toBe(true);
    } finally {
      await redis.stop();
    }
  }, 30_000);
});
