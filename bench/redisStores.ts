import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { RedisOtpStore } from '../lib';
import type { Stores } from './stores';

/**
 * connect-redis and RedisOtpStore, each on its own connection so that the OTP store's round
 * trips can be counted apart from the session store's.
 */
export async function redisStores(url: string): Promise<Stores> {
  const sessionClient = createClient({ url });
  const otpClient = createClient({ url });
  for (const client of [sessionClient, otpClient]) client.on('error', (err) => process.stderr.write(`bench redis client: ${err}\n`));
  await Promise.all([sessionClient.connect(), otpClient.connect()]);

  let roundTrips = 0;
  // Every method the store calls on its client is one request to Redis (a MULTI is sent as one).
  const countingClient = new Proxy(otpClient, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        roundTrips += 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
  const prefix = 'sms-otp:';
  return {
    sessionStore: new RedisStore({ client: sessionClient, prefix: 'sess:' }),
    otpStore: new RedisOtpStore({ client: countingClient, prefix }),
    otpStoreRoundTrips: () => roundTrips,
    async sample(limit) {
      const sessionKeys = await firstKeys(sessionClient, 'sess:*', limit);
      const sessions = (await Promise.all(sessionKeys.map((key) => sessionClient.get(key)))).filter(
        (json): json is string => typeof json === 'string' && json.includes('"smsOtp"'),
      );
      const otpKeys = await firstKeys(sessionClient, `${prefix}*`, limit);
      const usage = await Promise.all(otpKeys.map((key) => sessionClient.memoryUsage(key)));
      const total = usage.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0);
      return { sessions, storeBytes: otpKeys.length ? Math.round(total / otpKeys.length) : Number.NaN, storeMeasure: 'Redis MEMORY USAGE of the sign-in\'s key' };
    },
    async close() {
      await Promise.all([sessionClient.quit(), otpClient.quit()]);
    },
  };
}

async function firstKeys(client: ReturnType<typeof createClient>, match: string, limit: number): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: match, COUNT: 1000 })) {
    keys.push(...batch);
    if (keys.length >= limit) break;
  }
  return keys.slice(0, limit);
}
