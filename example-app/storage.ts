import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { OtpStore } from '../lib/store';
import type { MakeRateLimiter } from './passwordLimits';
import { createRedisOtpStore } from './redisStore';

/** Where sessions and codes are kept. */
export interface Storage {
  readonly sessionStore: session.Store;
  /** `undefined`: the strategy's own in-memory store. */
  readonly otpStore: OtpStore | undefined;
  /** Makes the password step's limiters (rate-limiter-flexible), kept where the rest is. */
  readonly rateLimiter: MakeRateLimiter;
  close(): Promise<void>;
}

/**
 * In memory by default (one process, gone on restart); in Redis when a URL is given, so several
 * instances share sessions, codes and attempt counts.
 */
export async function openStorage(redisUrl: string | undefined, prefix: string, logger: Logger): Promise<Storage> {
  if (!redisUrl) {
    return { sessionStore: new session.MemoryStore(), otpStore: undefined, rateLimiter: (options) => new RateLimiterMemory(options), close: async () => undefined };
  }

  const client = await connectRedis(redisUrl, logger);
  try {
    return {
      sessionStore: new RedisStore({ client, prefix: `${prefix}sess:` }),
      otpStore: createRedisOtpStore(client, `${prefix}otp:`),
      rateLimiter: (options) => new RateLimiterRedis({ ...options, keyPrefix: `${prefix}${options.keyPrefix}`, storeClient: client, useRedisPackage: true }),
      close: async () => {
        if (client.isOpen) await client.close();
      },
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** How long one connection attempt may take, and how long start-up keeps trying. */
const CONNECT_TIMEOUT_MS = 5000;
const STARTUP_WAIT_MS = 5000;

/**
 * A connected client, or an error that says why not. node-redis retries for ever, at start-up
 * too, so the app would never listen and never exit: start-up gives up after STARTUP_WAIT_MS;
 * once connected, the client reconnects by itself for as long as it takes.
 */
async function connectRedis(url: string, logger: Logger): Promise<RedisClientType> {
  let started = false;
  const giveUpAt = Date.now() + STARTUP_WAIT_MS;
  const client: RedisClientType = createClient({
    url,
    // While Redis is away, commands fail at once (a 503 page) instead of queueing until it returns.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Giving up is an Error of this realm: node-redis checks `instanceof Error`, which one made by
      // Node's own net module fails inside a test runner's sandbox (it would retry for ever there).
      reconnectStrategy: (retries, cause) => (started || Date.now() < giveUpAt ? Math.min(100 * 2 ** retries, 1000) : new Error(cause.message)),
    },
  });
  client.on('error', (err: unknown) => logger.error({ err }, 'redis error'));
  try {
    await client.connect();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not connect to Redis at ${new URL(url).host} within ${STARTUP_WAIT_MS / 1000} s: ${reason}`, { cause: err });
  }
  started = true;
  return client;
}
