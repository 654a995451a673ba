import type { RedisClientType } from 'redis';
import * as smsOtp from '../lib';
import type { OtpStore } from '../lib';

type RedisOtpStoreClass = new (options: { client: RedisClientType; prefix?: string }) => OtpStore;

/**
 * The package's `RedisOtpStore` on a connected node-redis client. Looked up by name so the example
 * also builds against a version of the package without it, and says so when REDIS_URL is set.
 */
export function createRedisOtpStore(client: RedisClientType, prefix: string): OtpStore {
  const RedisOtpStore = (smsOtp as unknown as Record<string, unknown>).RedisOtpStore as RedisOtpStoreClass | undefined;
  if (typeof RedisOtpStore !== 'function') {
    throw new Error('REDIS_URL is set, but this version of passport-sms-otp has no RedisOtpStore: unset REDIS_URL or update the package.');
  }
  return new RedisOtpStore({ client, prefix });
}
