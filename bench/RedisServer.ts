import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createClient } from 'redis';

/** Calls per Redis command, from INFO commandstats. */
export type CommandCounts = Record<string, number>;

/**
 * A redis-server of the bench's own on a free loopback port, without persistence,
 * so that its command statistics count the bench's commands only.
 */
export class RedisServer {
  private constructor(
    private readonly process: ChildProcess,
    private readonly client: ReturnType<typeof createClient>,
    readonly url: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const failed = once(child, 'error');
    await Promise.race([waitForReady(child), failed.then(([err]) => Promise.reject(err))]);
    const url = `redis://127.0.0.1:${port}`;
    const client = createClient({ url });
    client.on('error', () => undefined);
    await client.connect();
    return new RedisServer(child, client, url);
  }

  /** Empties the data set and zeroes the statistics. */
  async reset(): Promise<void> {
    await this.client.flushAll();
    await this.client.configResetStat();
  }

  /** Zeroes the statistics only. */
  async resetStats(): Promise<void> {
    await this.client.configResetStat();
  }

  /** Calls per command since the last reset, the harness's own INFO and CONFIG calls left out. */
  async commandCounts(): Promise<CommandCounts> {
    const info = await this.client.info('commandstats');
    const counts: CommandCounts = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (match[1] !== 'info' && !match[1].startsWith('config')) counts[match[1]] = Number(match[2]);
    }
    return counts;
  }

  async stop(): Promise<void> {
    await this.client.quit().catch(() => undefined);
    const exited = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    // Keep reading its log after it is ready, so redis-server never blocks on a full pipe.
    child.stdout?.on('data', (chunk) => {
      if (output.includes('Ready to accept connections')) return;
      output += String(chunk);
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited before it was ready:\n${output}`)));
  });
}
