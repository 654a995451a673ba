import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';
import type { OtpStore } from '../lib';
import { createRedisOtpStore } from './redisStore';

/** Where sessions and codes are kept. */
export interface Storage {
  readonly sessionStore: session.Store;
  /** `undefined`: the strategy's own in-memory store. */
  readonly otpStore: OtpStore | undefined;
  close(): Promise<void>;
}

/**
 * In memory by default (one process, gone on restart); in Redis when a URL is given, so several
 * instances share sessions, codes and attempt counts.
 */
export async function openStorage(redisUrl: string | undefined, logger: Logger): Promise<Storage> {
  if (!redisUrl) return { sessionStore: new session.MemoryStore(), otpStore: undefined, close: async () => undefined };

  const client: RedisClientType = createClient({ url: redisUrl });
  client.on('error', (err: unknown) => logger.error({ err }, 'redis error'));
  await client.connect();
  try {
    return {
      sessionStore: new RedisStore({ client, prefix: 'example:sess:' }),
      otpStore: createRedisOtpStore(client, 'example:otp:'),
      close: async () => {
        if (client.isOpen) await client.close();
      },
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}
