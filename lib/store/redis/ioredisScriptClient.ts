import type { Script } from './redisScripts';
import type { RedisScriptClient } from './redisScriptClient';
import { runScriptBySha } from './runScriptBySha';

/** The parts of ioredis 5 (`ioredis`) that both its client and its cluster have. */
interface IoredisScripting {
  /** `'ready'` once connected and checked; `'reconnecting'`, `'close'`, `'end'` and others otherwise. */
  readonly status: string;
  readonly isCluster: boolean;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  evalsha(sha1: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** Both emit `'ready'` each time they are connected and checked. */
  once(event: 'ready', listener: () => void): unknown;
}

/** The parts of an ioredis client (`new Redis()` from `ioredis`) the store uses. */
export interface IoredisClientLike extends IoredisScripting {
  readonly isCluster: false;
}

/** The parts of an ioredis cluster (`new Cluster([...])` from `ioredis`) the store uses. */
export interface IoredisClusterLike extends IoredisScripting {
  readonly isCluster: true;
}

/** ioredis sets `isCluster` on both its classes and names its commands in lower case (`evalsha`). */
function hasScripting(value: unknown): value is IoredisScripting {
  const candidate = value as Partial<IoredisScripting> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.isCluster === 'boolean' &&
    typeof candidate.status === 'string' &&
    typeof candidate.eval === 'function' &&
    typeof candidate.evalsha === 'function' &&
    typeof candidate.once === 'function'
  );
}

/** An ioredis client. */
export function isIoredis(value: unknown): value is IoredisClientLike {
  return hasScripting(value) && !value.isCluster;
}

/** An ioredis cluster. */
export function isIoredisCluster(value: unknown): value is IoredisClusterLike {
  return hasScripting(value) && value.isCluster;
}

/** Runs scripts on an ioredis client. */
export function ioredisScriptClient(client: IoredisClientLike): RedisScriptClient {
  return {
    kind: 'ioredis',
    isReady: () => client.status === 'ready',
    onceReady: (listener) => void client.once('ready', listener),
    runScript: (script, keys, args) => runOn(client, script, keys, args),
  };
}

/**
 * Runs scripts on an ioredis cluster, which sends `eval`/`evalsha` to the master that owns the
 * keys' slot (it reads the key count) and follows MOVED and ASK on its own.
 */
export function ioredisClusterScriptClient(cluster: IoredisClusterLike): RedisScriptClient {
  return {
    kind: 'ioredis-cluster',
    isReady: () => cluster.status === 'ready',
    onceReady: (listener) => void cluster.once('ready', listener),
    runScript: (script, keys, args) => runOn(cluster, script, keys, args),
  };
}

function runOn(client: IoredisScripting, script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  return runScriptBySha(
    script,
    (sha1) => client.evalsha(sha1, keys.length, ...keys, ...args),
    (source) => client.eval(source, keys.length, ...keys, ...args),
  );
}
