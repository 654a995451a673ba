import { InvalidOptionError } from '../errors';
import type { Script } from './redisScripts';

/** Which client library and topology `toScriptClient` found. */
export type RedisClientKind = 'node-redis';

/** One Redis deployment, as the store needs it: run a Lua script on keys that share one hash slot. */
export interface RedisScriptClient {
  readonly kind: RedisClientKind;
  /** False while the client is known to be disconnected, so the store fails closed at once. */
  isReady(): boolean;
  /** EVALSHA, then EVAL when Redis does not hold the script yet. */
  runScript(script: Script, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}

interface NodeRedisClient {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Wraps a node-redis v5 client. */
export function toScriptClient(client: unknown): RedisScriptClient {
  const candidate = client as Partial<NodeRedisClient> | undefined;
  if (!candidate || typeof candidate.evalSha !== 'function' || typeof candidate.isReady !== 'boolean') {
    throw new InvalidOptionError('RedisOtpStore.client', 'a node-redis v5 client (createClient() from "redis")');
  }
  const redis = candidate as NodeRedisClient;
  return {
    kind: 'node-redis',
    isReady: () => redis.isReady,
    async runScript(script, keys, args) {
      const options = { keys: [...keys], arguments: [...args] };
      try {
        return await redis.evalSha(script.sha1, options);
      } catch (err) {
        if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
        return redis.eval(script.source, options);
      }
    },
  };
}
