import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { RedisOtpStore } from '../lib';
import { GROUP_VERIFIED } from '../lib/store/redis/groupScripts';
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

  const counts = { commands: 0, roundTrips: 0, unawaitedRoundTrips: 0 };
  let batch: { awaited: boolean } | undefined;
  // Every method the store calls on its client is one request to Redis (a MULTI is sent as one);
  // node-redis writes the requests of one turn of the event loop together: one round trip. A round
  // trip of nothing but the verified code's count in its groups (the toll-fraud write the flow
  // sends after a verify's decision without awaiting it) is counted apart: no response waits for it.
  const countingClient = new Proxy(otpClient, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counts.commands += 1;
        const awaited = args[0] !== GROUP_VERIFIED.sha1 && args[0] !== GROUP_VERIFIED.source;
        if (!batch) {
          const opened = { awaited };
          batch = opened;
          counts[awaited ? 'roundTrips' : 'unawaitedRoundTrips'] += 1;
          setImmediate(() => {
            if (batch === opened) batch = undefined;
          });
        } else if (awaited && !batch.awaited) {
          batch.awaited = true;
          counts.unawaitedRoundTrips -= 1;
          counts.roundTrips += 1;
        }
        return Reflect.apply(value, target, args);
      };
    },
  });
  const prefix = 'sms-otp:';
  return {
    sessionStore: new RedisStore({ client: sessionClient, prefix: 'sess:' }),
    otpStore: new RedisOtpStore({ client: countingClient, prefix }),
    otpStoreTraffic: () => ({ ...counts }),
    async sample(limit) {
      const sessionKeys = await keysMatching(sessionClient, 'sess:*', limit);
      const sessions = (await Promise.all(sessionKeys.map((key) => sessionClient.get(key)))).filter(
        (json): json is string => typeof json === 'string' && json.includes('"smsOtp:'),
      );
      return { sessions, storeBytes: await otpStoreBytesPerSignIn(sessionClient, prefix), storeMeasure: "Redis MEMORY USAGE of the sign-in's key and its users' quota counters" };
    },
    async close() {
      await Promise.all([sessionClient.quit(), otpClient.quit()]);
    },
  };
}

type Client = ReturnType<typeof createClient>;

async function keysMatching(client: Client, match: string, limit = Infinity): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: match, COUNT: 1000 })) {
    keys.push(...batch);
    if (keys.length >= limit) break;
  }
  return keys.slice(0, limit);
}

/** Everything the OTP store keeps (sign-ins and limit counters), per sign-in, from a sample of each kind. */
async function otpStoreBytesPerSignIn(client: Client, prefix: string): Promise<number> {
  const keys = await keysMatching(client, `${prefix}*`);
  const kinds = new Map<string, string[]>();
  for (const key of keys) {
    // `{u:<user>}:c:<id>` → `{u}:c:`, `{n:<number>}:quota` → `{n}:quota`: one group per kind of key.
    const kind = key.slice(prefix.length).replace(/^\{([a-z]):[^}]*\}/, '{$1}').replace(/:c:.*$/, ':c:');
    kinds.set(kind, [...(kinds.get(kind) ?? []), key]);
  }
  const signIns = kinds.get('{u}:c:')?.length ?? 0;
  let total = 0;
  for (const group of kinds.values()) {
    const sample = group.slice(0, 200);
    const usage = await Promise.all(sample.map((key) => client.memoryUsage(key)));
    total += (usage.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0) / sample.length) * group.length;
  }
  return signIns ? Math.round(total / signIns) : Number.NaN;
}
