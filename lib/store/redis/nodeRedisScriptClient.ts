import type { Script } from './redisScripts';
import type { RedisScriptClient } from './redisScriptClient';
import { runScriptBySha } from './runScriptBySha';

/** The keys and arguments of node-redis's `eval` and `evalSha`. */
interface EvalOptions {
  keys: string[];
  arguments: string[];
}

/**
 * The parts of node-redis (`redis`, v5 and v6) that both its client and its cluster have. v6 speaks
 * RESP3 by default, which changes nothing here: Redis converts a script's reply alike for both.
 */
interface NodeRedisScripting {
  eval(script: string, options: EvalOptions): Promise<unknown>;
  evalSha(sha1: string, options: EvalOptions): Promise<unknown>;
  once(event: string, listener: () => void): unknown;
}

/** The parts of a node-redis client (`createClient()` from `redis`) the store uses. */
export interface NodeRedisClientLike extends NodeRedisScripting {
  /** False while the client is disconnected or reconnecting. */
  readonly isReady: boolean;
}

/** The parts of a node-redis cluster (`createCluster()` from `redis`) the store uses. */
export interface NodeRedisClusterLike extends NodeRedisScripting {
  /** False once the cluster is closed, and before it connects. */
  readonly isOpen: boolean;
  /** One entry per master; `client` is its connection, absent until first used. */
  readonly masters: readonly { readonly client?: { readonly isReady: boolean } }[];
  getSlotRandomNode(slot: number): unknown;
}

function hasScripting(value: unknown): value is NodeRedisScripting {
  const candidate = value as Partial<NodeRedisScripting> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.eval === 'function' &&
    typeof candidate.evalSha === 'function' &&
    typeof candidate.once === 'function'
  );
}

/** A node-redis client: `evalSha` in camel case and an `isReady` flag (v6's cluster has one too: tell it apart first). */
export function isNodeRedis(value: unknown): value is NodeRedisClientLike {
  return hasScripting(value) && typeof (value as Partial<NodeRedisClientLike>).isReady === 'boolean';
}

/** A node-redis cluster: `evalSha` and the slot map (`masters`, `getSlotRandomNode`) only a cluster has. */
export function isNodeRedisCluster(value: unknown): value is NodeRedisClusterLike {
  const candidate = value as Partial<NodeRedisClusterLike>;
  return (
    hasScripting(value) && typeof candidate.isOpen === 'boolean' && Array.isArray(candidate.masters) && typeof candidate.getSlotRandomNode === 'function'
  );
}

/** Runs scripts on a node-redis client. */
export function nodeRedisScriptClient(client: NodeRedisClientLike): RedisScriptClient {
  return {
    kind: 'node-redis',
    isReady: () => client.isReady,
    onceReady: (listener) => void client.once('ready', listener),
    runScript: (script, keys, args) => runOn(client, script, keys, args),
  };
}

/**
 * Runs scripts on a node-redis cluster, which sends `eval`/`evalSha` to the master that owns
 * the first key's slot and follows MOVED and ASK on its own.
 */
export function nodeRedisClusterScriptClient(cluster: NodeRedisClusterLike): RedisScriptClient {
  return {
    kind: 'node-redis-cluster',
    // A master's connection is made when first needed; one that exists and is not ready would
    // queue or refuse commands for its slots, so the whole store fails closed until it is back.
    isReady: () => cluster.isOpen && cluster.masters.length > 0 && cluster.masters.every((master) => master.client?.isReady ?? true),
    // Emitted once `connect()` has found the masters and connected to them.
    onceReady: (listener) => void cluster.once('connect', listener),
    runScript: (script, keys, args) => runOn(cluster, script, keys, args),
  };
}

function runOn(client: NodeRedisScripting, script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  const options: EvalOptions = { keys: [...keys], arguments: [...args] };
  return runScriptBySha(
    script,
    (sha1) => client.evalSha(sha1, options),
    (source) => client.eval(source, options),
  );
}
