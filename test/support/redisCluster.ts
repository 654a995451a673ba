import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnRedisServer, stopRedisServer, testRedis, waitFor } from './redis';

const run = promisify(execFile);

/** A Redis Cluster of three masters (no replicas) on 127.0.0.1, started for one test file. */
export interface TestRedisCluster {
  /** Every master's port; each one can serve as a root node. */
  readonly ports: readonly number[];
  /** Runs a command on one node through redis-cli and resolves to what it printed. */
  cli(port: number, ...command: string[]): Promise<string>;
  /** The port of the master that owns `key`'s hash slot. */
  masterOf(key: string): Promise<number>;
  /** Stops one node, as a crash would, and leaves the others running. */
  stopNode(port: number): Promise<void>;
  /** Stops the three servers and removes their folder. */
  stop(): Promise<void>;
}

/**
 * Starts three cluster-enabled redis-servers on free ports, joins them with `redis-cli --cluster
 * create` and resolves once every node says `cluster_state:ok`. It never skips: without
 * redis-server or redis-cli on PATH it rejects.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sms-otp-cluster-'));
  const servers: ChildProcess[] = [];
  // The bus ports are set too: the default (port + 10000) may be taken, or past 65535.
  const [ports, busPorts] = splitInTwo(await distinctFreePorts(6));
  const stop = async () => {
    await Promise.all(servers.map(stopRedisServer));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const [i, port] of ports.entries()) servers.push(await spawnRedisServer(nodeArgs(dir, port, busPorts[i])));
    const cli = async (port: number, ...command: string[]) => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command])).stdout;
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(async () => (await Promise.all(ports.map((port) => cli(port, 'CLUSTER', 'INFO')))).every((info) => info.includes('cluster_state:ok')));
    const stopNode = (port: number) => stopRedisServer(servers[ports.indexOf(port)]);
    // Any node answers a key it does not own with `MOVED <slot> <host>:<port>`.
    const masterOf = async (key: string) => Number(/^MOVED \d+ [\d.]+:(\d+)/.exec(await cli(ports[0], 'GET', key))?.[1] ?? ports[0]);
    return { ports, cli, masterOf, stopNode, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function nodeArgs(dir: string, port: number, busPort: number): string[] {
  return [
    ...['--port', String(port), '--cluster-port', String(busPort)],
    ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
  ];
}

/** `count` different free ports (the same one may come back once it is released). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function splitInTwo<T>(items: T[]): [T[], T[]] {
  const half = items.length / 2;
  return [items.slice(0, half), items.slice(half)];
}

/** Both deployments a test file compares clients on: standalone Redis and a 3-master cluster. */
export interface RedisDeployments {
  readonly standalone: { url: string; stop: () => Promise<void> };
  readonly cluster: TestRedisCluster;
}

/**
 * Starts both deployments before the file's tests and stops them after (registers `beforeAll` and
 * `afterAll`); read them through the getter once the tests run.
 */
export function useRedisDeployments(): () => RedisDeployments {
  let deployments: RedisDeployments | undefined;
  beforeAll(async () => {
    const [standalone, cluster] = await Promise.all([testRedis(), startRedisCluster()]);
    deployments = { standalone, cluster };
  }, 30_000);
  afterAll(async () => {
    await Promise.all([deployments?.standalone.stop(), deployments?.cluster.stop()]);
  });
  return () => {
    if (!deployments) throw new Error('the Redis deployments are not started yet');
    return deployments;
  };
}
