/** What the harness and the app process say to each other over the IPC channel. */

/** Which session store and OTP store the app uses. */
export type Backend = 'memory' | 'redis';

/** How the app process is set up; passed as JSON in the BENCH_APP environment variable. */
export interface AppConfig {
  readonly backend: Backend;
  /** `redis://127.0.0.1:port` of the bench's own redis-server, for the `redis` backend. */
  readonly redisUrl?: string;
  /** How long the in-process SMS provider takes to accept a message. */
  readonly providerLatencyMs: number;
  /** How many users the in-memory user table holds (user i signs in as `user<i>`). */
  readonly users: number;
  /** The strategy's `logger` option: `false`, or unset for the default logger. */
  readonly logger?: false;
}

/** Requests from the harness. */
export type Request =
  | { readonly type: 'codes'; readonly users: readonly number[] }
  | { readonly type: 'stats' }
  | { readonly type: 'memory' };

/** What the app reports about itself. */
export interface AppStats {
  /** Messages the provider accepted. */
  readonly sends: number;
  /** The most sends the provider had in flight at once: above 1, sends overlap. */
  readonly peakSendsInFlight: number;
  /** Requests the OTP store made to Redis (0 with the memory backend). */
  readonly otpStoreCommands: number;
  /**
   * Round trips they took: requests sent in the same turn of the event loop count once.
   * Exact only while one request is in flight.
   */
  readonly otpStoreRoundTrips: number;
  /** Round trips of writes the flow does not await (a verified code's count in its toll-fraud groups), not in `otpStoreRoundTrips`. */
  readonly otpStoreUnawaitedRoundTrips: number;
  /** CPU time the app process has used so far (user + system), in microseconds. */
  readonly cpuMicros: number;
}

/** Memory one pending sign-in takes, measured on the pending sign-ins the app holds. */
export interface PendingMemory {
  /** Pending sign-ins measured. */
  readonly sampled: number;
  /** Serialized session (express-session's JSON) per pending sign-in. */
  readonly sessionBytes: number;
  /** What the OTP store keeps per pending sign-in, its limits' counters included (V8 heap, or Redis `MEMORY USAGE`). */
  readonly storeBytes: number;
  /** How `storeBytes` was measured. */
  readonly storeMeasure: string;
}

/** Replies to the harness. */
export type Reply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'codes'; readonly codes: readonly (string | null)[] }
  | { readonly type: 'stats'; readonly stats: AppStats }
  | { readonly type: 'memory'; readonly memory: PendingMemory };

/** User i of the bench's user table. */
export function benchUser(i: number): { id: string; username: string; password: string; mobile: string; totpKey: string } {
  return {
    id: `u${i}`,
    username: `user${i}`,
    password: 'pw',
    // Distinct valid NANP numbers, so each sign-in's code can be told apart by recipient.
    mobile: `+1201${String(200 + Math.floor(i / 10_000)).padStart(3, '0')}${String(i % 10_000).padStart(4, '0')}`,
    totpKey: `totp-key-of-user-${i}`,
  };
}
