import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { MemoryOtpStore, RedisOtpStore, type OtpStore } from '../../lib';
import { connectRedis, deleteKeys, testRedis, uniquePrefix, type TestRedisClient } from './redis';

/** The state every app instance of one scenario shares. */
export interface SharedState {
  readonly otpStore: OtpStore;
  readonly sessionStore: session.Store;
}

/** Where a scenario's state lives: this process's memory, or Redis (connect-redis + RedisOtpStore, one client). */
export interface Backend {
  readonly name: 'memory' | 'redis';
  /** Fresh state for one scenario, under keys no other scenario uses. */
  open(): Promise<SharedState>;
  /** Drops every key this backend wrote and lets go of its connections. */
  close(): Promise<void>;
}

/** The in-process backend: app instances in one process share one MemoryOtpStore and one MemoryStore. */
export function memoryBackend(): Backend {
  return {
    name: 'memory',
    open: async () => ({ otpStore: new MemoryOtpStore(), sessionStore: new session.MemoryStore() }),
    close: async () => undefined,
  };
}

/** The Redis backend: `REDIS_URL` or a redis-server of this test file, one client per file. */
export function redisBackend(fileName: string): Backend {
  const prefix = uniquePrefix(fileName);
  let redis: { url: string; stop: () => Promise<void> } | undefined;
  let client: TestRedisClient | undefined;
  let scenarios = 0;
  return {
    name: 'redis',
    async open() {
      redis ??= await testRedis();
      client ??= await connectRedis(redis.url);
      scenarios += 1;
      const scenarioPrefix = `${prefix}${scenarios}:`;
      return {
        otpStore: new RedisOtpStore({ client, prefix: scenarioPrefix }),
        sessionStore: new RedisStore({ client, prefix: `${scenarioPrefix}sess:` }),
      };
    },
    async close() {
      if (client) {
        await deleteKeys(client, prefix);
        client.destroy();
      }
      await redis?.stop();
    },
  };
}

/** Both backends, for scenarios written once. */
export function backends(fileName: string): Backend[] {
  return [memoryBackend(), redisBackend(fileName)];
}
