import session from 'express-session';
import { MemoryOtpStore, type OtpStore } from '../lib/store';
import type { Backend } from './protocol';
import { redisStores } from './redisStores';

/** The session store and OTP store of one backend, and how to measure what they hold. */
export interface Stores {
  readonly sessionStore: session.Store;
  readonly otpStore: OtpStore;
  /**
   * Requests the OTP store made to Redis so far, in how many round trips a request waited for, and
   * in how many more nothing waited for (the verified code's count in its toll-fraud groups).
   */
  otpStoreTraffic(): { commands: number; roundTrips: number; unawaitedRoundTrips: number };
  /** Up to `limit` serialized sessions that hold a pending sign-in, and the OTP store's bytes per pending sign-in. */
  sample(limit: number): Promise<{ sessions: string[]; storeBytes: number; storeMeasure: string }>;
  close(): Promise<void>;
}

export async function createStores(backend: Backend, redisUrl: string | undefined): Promise<Stores> {
  if (backend === 'memory') return memoryStores();
  if (!redisUrl) throw new Error('the redis backend needs a redisUrl');
  return redisStores(redisUrl);
}

function memoryStores(): Stores {
  const sessionStore = new session.MemoryStore();
  return {
    sessionStore,
    otpStore: new MemoryOtpStore(),
    otpStoreTraffic: () => ({ commands: 0, roundTrips: 0, unawaitedRoundTrips: 0 }),
    async sample(limit) {
      // MemoryStore keeps each session as its JSON string.
      const all = (sessionStore as unknown as { sessions: Record<string, string> }).sessions;
      const sessions = Object.values(all).filter((json) => json.includes('"smsOtp:')).slice(0, limit);
      return {
        sessions,
        storeBytes: await memoryOtpStoreBytes(),
        storeMeasure: 'V8 heap per sign-in of a MemoryOtpStore: challenge and code, plus the default perNumber and perUser quota counters',
      };
    },
    close: async () => undefined,
  };
}

/** Heap per sign-in of a MemoryOtpStore holding a sent code and its two default quota counters (needs --expose-gc). */
async function memoryOtpStoreBytes(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  const count = 5_000;
  const fill = async (tag: string) => {
    const store = new MemoryOtpStore();
    const now = Date.now();
    for (let i = 0; i < count; i += 1) {
      const ref = { challengeId: `${tag}${i}`.padStart(22, 'x'), userId: `u${tag}${i}`.padStart(22, 'u') };
      const code = { hash: `${i}`.padStart(43, 'h'), expiresAt: now + 300_000, maxAttempts: 5 };
      const userQuota = { max: 10, windowMs: 3_600_000 };
      await store.reserveSend({ ...ref, now, firstOnly: true, cooldownMs: 30_000, maxSends: 6, ttlMs: 600_000, code, userQuota });
      await store.takeQuota({ subject: `n:${tag}${i}`.padStart(24, 'n'), now, max: 5, windowMs: 900_000 });
    }
    return store;
  };
  // A first round warms up the code paths, so only the second one's data is counted.
  const warm = await fill('w');
  gc();
  const before = process.memoryUsage().heapUsed;
  const measured = await fill('m');
  gc();
  const bytes = Math.round((process.memoryUsage().heapUsed - before) / count);
  void [warm, measured];
  return bytes;
}
