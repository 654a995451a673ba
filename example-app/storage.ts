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

  const client: RedisClientType = createClient({
    url: redisUrl,
    // While Redis is away, commands fail at once (a 503 page) instead of queueing until it returns.
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000 },
  });
  client.on('error', (err: unknown) => logger.error({ err }, 'redis error'));
  await connectOnce(client, redisUrl);
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

/** Connects, or stops trying and says why: node-redis would otherwise retry for ever at start-up. */
async function connectOnce(client: RedisClientType, url: string): Promise<void> {
  const failure = new Promise<never>((_, reject) => client.once('error', (err: Error) => reject(err)));
  try {
    await Promise.race([client.connect(), failure]);
  } catch (err) {
    client.destroy();
    throw new Error(`Could not connect to Redis at ${new URL(url).host}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
