import type { RedisClientType } from 'redis';
import { RedisOtpStore, type OtpStore } from '../lib/store';

/** The package's `RedisOtpStore` on the app's connected node-redis client. */
export function createRedisOtpStore(client: RedisClientType, prefix: string): OtpStore {
  return new RedisOtpStore({ client, prefix });
}
