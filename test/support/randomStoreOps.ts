import type { DeliveryStore, OtpStore, RecoveryCodeStore, RememberDeviceStore, TollFraudStore } from '../../lib/store';

/** A store with every method, as both shipped stores are. */
export type FullStore = OtpStore & RememberDeviceStore & RecoveryCodeStore & DeliveryStore & TollFraudStore;

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
type Ref = (typeof CHALLENGES)[number];
const HASHES = ['h0', 'h1', 'h2'];
/** What attempts submit: a code that was sent, or one that never was (a guess). */
const GUESSES = [...HASHES, 'x0', 'x1'];
const SUBJECTS = ['n:0', 'n:1', 'i:0'];
const DEVICES = ['d0', 'd1'];
const NUMBERS = ['n0', 'n1'];
/** Message ids: few, so that some are tracked again. */
const MESSAGES = Array.from({ length: 10 }, (_, i) => `m${i}`);
const RECEIPT_STATES = ['accepted', 'delivered', 'failed'] as const;
/** Groups of numbers (two prefixes, a country), over an hour of minute buckets as the strategy has them. */
const GROUPS = ['p:0', 'p:1', 'c:0'];
const GROUP_WINDOW = { windowMs: 60 * MINUTE, bucketMs: MINUTE };
/** Velocity within reach of the sequence's sends, and conversion rules that pause (or none). */
const GROUP_MAX_SENDS = [4, 8, 20];
const CONVERSIONS = [undefined, { minSends: 3, minRate: 0.5, pauseMs: 5 * MINUTE }, { minSends: 6, minRate: 0.2, pauseMs: 30 * MINUTE }];
/** How often a call on a group comes between two others. */
const GROUP_CALLS = 0.15;
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
  /**
   * The calls on groups draw from a stream of their own (groups share no key with the rest), so
   * adding them left the other calls of a seed as they were.
   */
  readonly #groupRandom: () => number;
  /** Calls an app makes right after another (a sent code's message tracked, a resend after a failed text), each made at the next step. */
  readonly #followUps: ((now: number) => StoreOp)[] = [];
  /** The parts of the latest tracked messages, with their sign-ins, so that most receipts name one. */
  #tracked: { readonly messageId: string; readonly ref: Ref }[] = [];
  now: number;

  constructor(seed: number, start: number) {
    this.#random = seededRandom(seed);
    this.#groupRandom = seededRandom(seed ^ 0x9e37_79b9);
    this.now = start;
  }

  /** The next call; the clock has moved on by at least a second, unless it is a call on a group (made at the time of the call before it). */
  next(): StoreOp {
    if (this.#groupRandom() < GROUP_CALLS) return this.#groupCall(this.now);
    this.now += this.#random() < DAY_GOES_BY ? DAY : this.#pick(STEPS_MS);
    const now = this.now;
    const followUp = this.#followUps.shift();
    if (followUp) return followUp(now);
    const ref = this.#pick(CHALLENGES);
    const device = () => ({ userId: this.#pick(USERS), deviceId: this.#pick(DEVICES), numberId: this.#pick(NUMBERS), now });
    const quota = () => ({ subject: this.#pick(SUBJECTS), now, max: this.#pick([1, 3]), windowMs: this.#pick([MINUTE, 15 * MINUTE]) });
    const ops: [number, () => StoreOp][] = [
      [20, () => this.#send(ref, now)],
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
      // Besides those that follow a send: a message tracked late, or for a code that is not the sign-in's.
      [2, () => this.#track(ref, now, this.#pick(HASHES))],
      [12, () => this.#receipt(now)],
    ];
    let roll = this.#random() * ops.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, make] of ops) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return ops[0][1]();
  }

  /** A send to a group, one given back, or a code of the group verified. */
  #groupCall(now: number): StoreOp {
    const pick = <T>(items: readonly T[]) => items[Math.floor(this.#groupRandom() * items.length)];
    const group = { group: pick(GROUPS), now, ...GROUP_WINDOW };
    const roll = this.#groupRandom();
    if (roll < 0.65) return { method: 'takeGroupSend', request: { ...group, maxSends: pick(GROUP_MAX_SENDS), conversion: pick(CONVERSIONS) } };
    return { method: roll < 0.8 ? 'returnGroupSend' : 'groupVerified', request: group };
  }

  /** A send; most often its message is tracked at the next step (whether the send was granted or not: the generator knows no answer). */
  #send(ref: Ref, now: number): StoreOp {
    const hash = this.#pick(HASHES);
    if (this.#random() < 0.6) this.#followUps.push((at) => this.#track(ref, at, hash));
    const rules = { firstOnly: this.#random() < 0.3, cooldownMs: this.#pick([0, 30 * SECOND, MINUTE]), maxSends: this.#pick([1, 2, 3, 5]), ttlMs: this.#pick([2 * MINUTE, 10 * MINUTE]) };
    const code = { hash, expiresAt: now + this.#pick([30 * SECOND, 5 * MINUTE]), maxAttempts: this.#pick([1, 2, 3]) };
    return { method: 'reserveSend', request: { ...ref, now, ...rules, code, userQuota: this.#pick(USER_QUOTAS) } };
  }

  /** A message of one to three parts (an id may repeat, and ids are few: an id tracked again names its latest message). */
  #track(ref: Ref, now: number, hash: string): StoreOp {
    const messageIds = Array.from({ length: 1 + Math.floor(this.#random() * 3) }, () => this.#pick(MESSAGES));
    this.#tracked = [...messageIds.map((messageId) => ({ messageId, ref })), ...this.#tracked].slice(0, 8);
    const message = { provider: this.#pick(['twilio', 'vonage']), channel: this.#pick(['sms', 'voice']), purpose: this.#pick(['sign_in', 'step_up']) };
    return { method: 'trackDelivery', request: { ...ref, now, hash, ...message, messageIds, ttlMs: this.#pick([2 * MINUTE, 10 * MINUTE]) } };
  }

  /** A receipt, most often for a part of a message tracked lately; after a failed one, the user often asks for a new code at once. */
  #receipt(now: number): StoreOp {
    const part = this.#random() < 0.8 && this.#tracked.length > 0 ? this.#pick(this.#tracked) : { messageId: this.#pick(MESSAGES), ref: this.#pick(CHALLENGES) };
    const state = this.#pick(RECEIPT_STATES);
    const failed = state === 'failed';
    if (failed && this.#random() < 0.5) this.#followUps.push((at) => this.#send(part.ref, at));
    const request = { now, messageId: part.messageId, state, code: failed ? this.#pick(['30003', '30006']) : '', fault: failed && this.#random() < 0.3 ? 'recipient' : '' };
    return { method: 'recordReceipt', request };
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)];
  }
}

/** Runs one call on a store. */
export function callStore(store: FullStore, op: StoreOp): Promise<unknown> {
  return (store[op.method] as (request: object) => Promise<unknown>).call(store, op.request);
}
