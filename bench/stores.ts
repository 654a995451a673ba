import session from 'express-session';
import { MemoryOtpStore, type OtpStore } from '../lib';
import type { Backend } from './protocol';
import { redisStores } from './redisStores';

/** The session store and OTP store of one backend, and how to measure what they hold. */
export interface Stores {
  readonly sessionStore: session.Store;
  readonly otpStore: OtpStore;
  /** Round trips the OTP store made to Redis so far. */
  otpStoreRoundTrips(): number;
  /** The serialized sessions that hold a pending sign-in, and the OTP store's keys. */
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
  const otpStore = new MemoryOtpStore();
  return {
    sessionStore,
    otpStore,
    otpStoreRoundTrips: () => 0,
    async sample(limit) {
      // MemoryStore keeps each session as its JSON string.
      const all = (sessionStore as unknown as { sessions: Record<string, string> }).sessions;
      const sessions = Object.values(all).filter((json) => json.includes('"smsOtp"')).slice(0, limit);
      return { sessions, storeBytes: memoryOtpStoreBytes(), storeMeasure: 'V8 heap growth per sign-in of a MemoryOtpStore holding 5,000 codes' };
    },
    close: async () => undefined,
  };
}

/** Heap one sign-in takes in a MemoryOtpStore, id and code included (needs --expose-gc). */
function memoryOtpStoreBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  const count = 5_000;
  const store = new MemoryOtpStore();
  const rules = { firstOnly: true, cooldownMs: 30_000, maxSends: 6, ttlMs: 600_000, now: Date.now() };
  const ids = Array.from({ length: count }, (_, i) => `${i}`.padStart(22, 'x'));
  gc();
  const before = process.memoryUsage().heapUsed;
  for (const id of ids) {
    void store.reserveSend(id, rules);
    void store.saveCode(id, { hash: 'h'.repeat(43), expiresAt: rules.now + 300_000, maxAttempts: 5, ttlMs: rules.ttlMs, now: rules.now });
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  // The ids were allocated before the first reading: they count as the store's too.
  const idBytes = 16 + 24;
  return Math.round((after - before) / count) + idBytes;
}
