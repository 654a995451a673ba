import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { AppConfig, AppStats, PendingMemory, Reply, Request } from './protocol';

/** Options of `AppProcess.start`. */
export interface AppProcessOptions {
  /** Write a V8 CPU profile of the app into this folder when it exits. */
  readonly cpuProfileDir?: string;
}

/**
 * The app under test in its own Node process, so the load generator does not share its event
 * loop. TypeScript runs through tsx, like the harness.
 */
export class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(config: AppConfig, options: AppProcessOptions = {}): Promise<AppProcess> {
    const execArgv = ['--import', 'tsx', '--expose-gc'];
    if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
    const child = fork(path.join(__dirname, 'server.ts'), [], {
      execArgv,
      env: { ...process.env, NODE_ENV: 'benchmark', BENCH_APP: JSON.stringify(config) },
      // stderr is a pipe, as under systemd, Docker or a process manager: on Linux Node writes to a
      // pipe synchronously, so whatever the app logs there costs its requests. Read and passed on.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    const [first] = (await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`the bench app exited with code ${code} before listening`);
      }),
    ])) as [Reply];
    if (first.type !== 'ready') throw new Error(`the bench app said ${first.type} before ready`);
    return new AppProcess(child, first.port);
  }

  /** Latest code texted to each of these users (null where none was); each is handed out once. */
  async codes(users: readonly number[]): Promise<readonly (string | null)[]> {
    const reply = await this.ask({ type: 'codes', users });
    if (reply.type !== 'codes') throw new Error(`expected codes, got ${reply.type}`);
    return reply.codes;
  }

  async stats(): Promise<AppStats> {
    const reply = await this.ask({ type: 'stats' });
    if (reply.type !== 'stats') throw new Error(`expected stats, got ${reply.type}`);
    return reply.stats;
  }

  /** Memory per pending sign-in, measured on those the app holds. */
  async pendingMemory(): Promise<PendingMemory> {
    const reply = await this.ask({ type: 'memory' });
    if (reply.type !== 'memory') throw new Error(`expected memory, got ${reply.type}`);
    return reply.memory;
  }

  /** Ends the app (it closes its Redis connections first, and writes its CPU profile). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.disconnect();
    await exited;
  }

  private async ask(request: Request): Promise<Reply> {
    const reply = once(this.child, 'message') as Promise<[Reply]>;
    this.child.send(request);
    return (await reply)[0];
  }
}
