import type { OtpStore, RecoveryCodeStore, RememberDeviceStore } from '../../lib/store';

/** A store with every method, as both shipped stores are. */
export type FullStore = OtpStore & RememberDeviceStore & RecoveryCodeStore;

/** One call of a store method with its request, as generated. */
export interface StoreOp {
  readonly method: keyof FullStore;
  readonly request: object;
}

/** mulberry32: a tiny seeded PRNG, so a sequence is the same on every run. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/**
 * Every time and duration is whole seconds and the clock moves on by at least a second per step,
 * faster than real time: Redis's PEXPIRE (relative, in real milliseconds) then never drops a key
 * before the app's clock says it is over, as in production where the app's clock is real time.
 */
const STEPS_MS = [...Array<number>(12).fill(SECOND), 2 * SECOND, 2 * SECOND, 5 * SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE];
/** Now and then a day goes by, past every window, lock and code (not past remembered devices). */
const DAY_GOES_BY = 0.004;

/** Three users, two sign-ins each (a sign-in belongs to one user, as its random id does), a few of everything else. */
const USERS = ['u0', 'u1', 'u2'];
const CHALLENGES = USERS.flatMap((userId) => [0, 1].map((i) => ({ challengeId: `${userId}-c${i}`, userId })));
const HASHES = ['h0', 'h1', 'h2'];
/** What attempts submit: a code that was sent, or one that never was (a guess). */
const GUESSES = [...HASHES, 'x0', 'x1'];
const SUBJECTS = ['n:0', 'n:1', 'i:0'];
const DEVICES = ['d0', 'd1'];
const NUMBERS = ['n0', 'n1'];
/**
 * Two strategies sharing the store, each with its own rules: holds come within reach (6 or 10
 * wrong codes in a row), and the first one's locks double to their longest (2, 4, 8, 8 minutes).
 */
export const LOCKOUTS = [
  { maxFailures: 2, durationMs: 2 * MINUTE, maxDurationMs: 8 * MINUTE, failureWindowMs: 10 * MINUTE, maxConsecutiveFailures: 10 },
  { maxFailures: 3, durationMs: 5 * MINUTE, maxDurationMs: DAY, failureWindowMs: DAY, maxConsecutiveFailures: 6 },
];
/** The tries at recovery codes, by the same two strategies. */
const RECOVERY_TRIES = [
  { max: 2, windowMs: 10 * MINUTE },
  { max: 5, windowMs: 60 * MINUTE },
];
const USER_QUOTAS = [undefined, { max: 2, windowMs: 10 * MINUTE }, { max: 5, windowMs: 60 * MINUTE }];

/** Generates store calls from a seed, with the clock they run at. */
export class RandomStoreOps {
  readonly #random: () => number;
  now: number;

  constructor(seed: number, start: number) {
    this.#random = seededRandom(seed);
    this.now = start;
  }

  /** The next call; the clock has moved on by at least a second. */
  next(): StoreOp {
    this.now += this.#random() < DAY_GOES_BY ? DAY : this.#pick(STEPS_MS);
    const now = this.now;
    const ref = this.#pick(CHALLENGES);
    const device = () => ({ userId: this.#pick(USERS), deviceId: this.#pick(DEVICES), numberId: this.#pick(NUMBERS), now });
    const quota = () => ({ subject: this.#pick(SUBJECTS), now, max: this.#pick([1, 3]), windowMs: this.#pick([MINUTE, 15 * MINUTE]) });
    const ops: [number, () => StoreOp][] = [
      [20, () => ({ method: 'reserveSend', request: { ...ref, now, firstOnly: this.#random() < 0.3, cooldownMs: this.#pick([0, 30 * SECOND, MINUTE]), maxSends: this.#pick([1, 2, 3, 5]), ttlMs: this.#pick([2 * MINUTE, 10 * MINUTE]), code: { hash: this.#pick(HASHES), expiresAt: now + this.#pick([30 * SECOND, 5 * MINUTE]), maxAttempts: this.#pick([1, 2, 3]) }, userQuota: this.#pick(USER_QUOTAS) } })],
      [3, () => ({ method: 'releaseSend', request: { ...ref, now, hash: this.#pick(HASHES), refundUserQuota: this.#random() < 0.5 } })],
      [10, () => ({ method: 'takeQuota', request: quota() })],
      [4, () => ({ method: 'returnQuota', request: quota() })],
      [25, () => ({ method: 'verify', request: { ...ref, now, hash: this.#pick(GUESSES), lockout: this.#pick(LOCKOUTS), endedTtlMs: this.#pick([2 * MINUTE, 10 * MINUTE]) } })],
      [10, () => ({ method: 'inspect', request: { ...ref, now } })],
      [2, () => ({ method: 'end', request: { ...ref, now, ttlMs: this.#pick([2 * MINUTE, 10 * MINUTE]) } })],
      // Rare, as in an app: each starts a user's counts over.
      [0.5, () => ({ method: 'unlock', request: { userId: ref.userId, now } })],
      [5, () => ({ method: 'takeRecoveryAttempt', request: { ...ref, now, rule: this.#pick(RECOVERY_TRIES) } })],
      [0.5, () => ({ method: 'recoveryCodeUsed', request: { ...ref, now, rule: this.#pick(RECOVERY_TRIES), endedTtlMs: this.#pick([2 * MINUTE, 10 * MINUTE]) } })],
      [6, () => ({ method: 'rememberDevice', request: { ...device(), expiresAt: now + this.#pick([DAY, 30 * DAY]) } })],
      [10, () => ({ method: 'checkDevice', request: { ...device(), maxAgeMs: this.#pick([DAY, 30 * DAY]) } })],
      [3, () => ({ method: 'forgetDevices', request: { userId: this.#pick(USERS) } })],
    ];
    let roll = this.#random() * ops.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, make] of ops) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return ops[0][1]();
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)];
  }
}

/** Runs one call on a store. */
export function callStore(store: FullStore, op: StoreOp): Promise<unknown> {
  return (store[op.method] as (request: object) => Promise<unknown>).call(store, op.request);
}
