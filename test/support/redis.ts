import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';

/** A connected node-redis v5 client, as the tests use it. */
export type TestRedisClient = ReturnType<typeof createClient>;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server of the test's own, started from PATH on a free port, with no persistence. */
export class OwnRedisServer {
  #process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedisServer> {
    const server = await OwnRedisServer.onFreePort();
    await server.restart();
    return server;
  }

  /** A server on a free port, not started yet (nothing listens there until `restart()`). */
  static async onFreePort(): Promise<OwnRedisServer> {
    return new OwnRedisServer(await freePort());
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and resolves once it accepts connections. */
  async restart(): Promise<void> {
    this.#process = await spawnRedisServer(['--port', String(this.port)]);
  }

  /** Freezes the server without closing its connections (SIGSTOP), as a hung or overloaded one would be. */
  pause(): void {
    this.#process?.kill('SIGSTOP');
  }

  /** Lets a paused server go on (SIGCONT). */
  resume(): void {
    this.#process?.kill('SIGCONT');
  }

  /** Stops the server and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child) await stopRedisServer(child);
  }
}

/**
 * A redis-server from PATH with no persistence, listening on 127.0.0.1, and `args` after that;
 * resolves once it accepts connections, and fails loudly when it cannot start.
 */
export async function spawnRedisServer(args: readonly string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => reject(new Error(`redis-server could not start (is it on PATH?): ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return child;
}

/** Stops a redis-server from `spawnRedisServer` and waits until it has exited. */
export async function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The Redis the tests share: `REDIS_URL` when set, else a redis-server started for this test file.
 * There is no skipping: when Redis cannot be reached the tests fail, loudly (as CI requires).
 */
export async function testRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL;
  if (url) return { url, stop: async () => undefined };
  const server = await OwnRedisServer.start();
  return { url: server.url, stop: () => server.stop() };
}

/** The options of every node-redis client and cluster node of the tests, of either major: see `connectRedis`. */
export const NODE_REDIS_OPTIONS = { disableOfflineQueue: true, socket: { reconnectStrategy: () => 100, connectTimeout: 2000 } } as const;

/**
 * A connected client set up as the README advises: an `'error'` listener (so a lost connection
 * never crashes the process), no offline queue (so commands fail at once instead of waiting),
 * and quick reconnection.
 */
export async function connectRedis(url: string): Promise<TestRedisClient> {
  const client = createClient({ url, ...NODE_REDIS_OPTIONS });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: TestRedisClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

/** A key prefix no other test file uses. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now()}:`;
}

/** Resolves once `condition` holds, polling, or rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A Redis for the tests of the calling file (or `describe`) and a node-redis client to it, opened
 * before them; the keys under `prefix` are deleted, the client closed and Redis stopped after them.
 */
export function useRedisClient(prefix: string): { readonly client: TestRedisClient } {
  let redis: { url: string; stop: () => Promise<void> } | undefined;
  let client: TestRedisClient | undefined;
  beforeAll(async () => {
    redis = await testRedis();
    client = await connectRedis(redis.url);
  });
  afterAll(async () => {
    if (client) {
      await deleteKeys(client, prefix);
      client.destroy();
    }
    await redis?.stop();
  });
  return {
    get client() {
      if (!client) throw new Error('the Redis client is opened before the tests run');
      return client;
    },
  };
}
