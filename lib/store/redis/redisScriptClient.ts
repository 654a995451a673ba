import { InvalidOptionError } from '../../errors';
import { ioredisClusterScriptClient, ioredisScriptClient, isIoredis, isIoredisCluster, type IoredisClientLike, type IoredisClusterLike } from './ioredisScriptClient';
import {
  isNodeRedis,
  isNodeRedisCluster,
  nodeRedisClusterScriptClient,
  nodeRedisScriptClient,
  type NodeRedisClientLike,
  type NodeRedisClusterLike,
} from './nodeRedisScriptClient';
import type { Script } from './redisScripts';

/** Which client library and topology `toScriptClient` found. */
export type RedisClientKind = 'node-redis' | 'node-redis-cluster' | 'ioredis' | 'ioredis-cluster';

/**
 * A client of one of the Redis libraries `RedisOtpStore` accepts: a node-redis v5 or v6 client or
 * cluster (`createClient()`, `createCluster()` from `redis`), or an ioredis 5 client or cluster
 * (`new Redis()`, `new Cluster()` from `ioredis`).
 */
export type SupportedRedisClient = NodeRedisClientLike | NodeRedisClusterLike | IoredisClientLike | IoredisClusterLike;

/** One Redis deployment, as the store needs it: run a Lua script on keys that share one hash slot. */
export interface RedisScriptClient {
  /** Which client library and topology was detected. */
  readonly kind: RedisClientKind;
  /** False while the client is known to be disconnected/reconnecting, so the store can fail closed at once instead of queueing. */
  isReady(): boolean;
  /** Calls `listener` (once) when the client is next connected and ready. */
  onceReady(listener: () => void): void;
  /**
   * EVALSHA of `script.sha1` with these keys and args; on a NOSCRIPT error, EVAL of `script.source`
   * (same keys and args). Resolves to the raw reply: Lua tables as arrays, integers as numbers,
   * bulk strings as strings, Lua false as null, the same shape for every kind. On a cluster the
   * script runs on the master that owns the first key's slot, so every key must share that slot.
   */
  runScript(script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}

/** What `RedisOtpStore.client` accepts, as said in the error for anything else. */
const ACCEPTED =
  'a Redis client: a node-redis v5 or v6 client or cluster (createClient() or createCluster() from "redis") ' +
  'or an ioredis 5 client or cluster (new Redis() or new Cluster() from "ioredis")';

/**
 * Wraps a client of whichever supported library the app uses. The library is told by the client's
 * shape, never by `instanceof` or by loading it: the app's copy of a library may not be ours, and
 * an app that uses only one of them must not need the other.
 *
 * @example
 * const scripts = toScriptClient(createClient({ url }));
 * if (scripts.isReady()) await scripts.runScript(FORGET, ['sms-otp:c:{id}'], []);
 * @throws {InvalidOptionError} when `client` is none of the four accepted kinds.
 */
export function toScriptClient(client: unknown): RedisScriptClient {
  if (isIoredisCluster(client)) return ioredisClusterScriptClient(client);
  if (isIoredis(client)) return ioredisScriptClient(client);
  if (isNodeRedisCluster(client)) return nodeRedisClusterScriptClient(client);
  if (isNodeRedis(client)) return nodeRedisScriptClient(client);
  throw new InvalidOptionError('RedisOtpStore.client', `${ACCEPTED}; got ${describe(client)}`);
}

/** A short account of what was passed instead, for the error message. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `an instance of ${name}` : 'an object of another shape';
}
