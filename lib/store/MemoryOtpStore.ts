import { RateLimiterMemory } from 'rate-limiter-flexible';
import type {
  AttemptDecision,
  ChallengeStatus,
  LimiterOptions,
  OtpLimiter,
  OtpStore,
  SendDecision,
  SendReservation,
  SendRules,
  StoredCode,
} from './OtpStore';
import { RateLimiterCounter } from './RateLimiterCounter';

/** One sign-in's state. */
interface Challenge {
  sends: number;
  lastSentAt: number;
  code: { hash: string; expiresAt: number; attemptsLeft: number } | undefined;
  expiresAt: number;
}

/** How often expired sign-ins are swept away. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Keeps codes in this process's memory. Each method runs to completion without yielding,
 * so requests racing inside one process cannot interleave; several processes need a shared store.
 */
export class MemoryOtpStore implements OtpStore {
  readonly #challenges = new Map<string, Challenge>();
  /** Strategies sharing this store (two app instances in one process) share their counters. */
  readonly #limiters = new Map<string, OtpLimiter>();
  #nextSweepAt = 0;

  constructor() {
    if (process.env.NODE_ENV === 'production') {
      process.emitWarning(
        'passport-sms-otp: MemoryOtpStore keeps codes in one process; limits are not shared between instances. Use RedisOtpStore in production.',
      );
    }
  }

  async reserveSend(challengeId: string, rules: SendRules): Promise<SendDecision> {
    const challenge = this.#live(challengeId, rules.now) ?? this.#create(challengeId, rules);
    if (rules.firstOnly && challenge.sends > 0) return { granted: false, reason: 'sent', retryAfterMs: 0 };
    if (challenge.sends >= rules.maxSends) return { granted: false, reason: 'limit', retryAfterMs: 0 };
    const nextSendAt = challenge.lastSentAt + rules.cooldownMs;
    if (challenge.sends > 0 && nextSendAt > rules.now) {
      return { granted: false, reason: 'cooldown', retryAfterMs: nextSendAt - rules.now };
    }
    const reservation = { first: challenge.sends === 0, previousSentAt: challenge.lastSentAt };
    challenge.sends += 1;
    challenge.lastSentAt = rules.now;
    return { granted: true, ...reservation };
  }

  async releaseSend(challengeId: string, reservation: SendReservation): Promise<void> {
    const challenge = this.#challenges.get(challengeId);
    if (!challenge) return;
    challenge.sends = Math.max(0, challenge.sends - 1);
    challenge.lastSentAt = reservation.previousSentAt;
  }

  async saveCode(challengeId: string, code: StoredCode): Promise<void> {
    const challenge = this.#live(challengeId, code.now) ?? this.#create(challengeId, code);
    challenge.code = { hash: code.hash, expiresAt: code.expiresAt, attemptsLeft: code.maxAttempts };
  }

  async takeAttempt(challengeId: string, now: number): Promise<AttemptDecision> {
    const code = this.#live(challengeId, now)?.code;
    if (!code) return { status: 'none' };
    if (code.expiresAt <= now) return { status: 'expired' };
    if (code.attemptsLeft <= 0) return { status: 'exhausted' };
    code.attemptsLeft -= 1;
    return { status: 'ready', hash: code.hash, attemptsLeft: code.attemptsLeft };
  }

  async consumeCode(challengeId: string, hash: string): Promise<boolean> {
    const challenge = this.#challenges.get(challengeId);
    if (challenge?.code?.hash !== hash) return false;
    this.#challenges.delete(challengeId);
    return true;
  }

  async inspect(challengeId: string, now: number): Promise<ChallengeStatus> {
    const challenge = this.#live(challengeId, now);
    const code = challenge?.code;
    const codeUsable = code !== undefined && code.expiresAt > now && code.attemptsLeft > 0;
    return {
      sends: challenge?.sends ?? 0,
      lastSentAt: challenge?.lastSentAt ?? 0,
      codeUsable,
      attemptsLeft: codeUsable ? code.attemptsLeft : 0,
    };
  }

  async forget(challengeId: string): Promise<void> {
    this.#challenges.delete(challengeId);
  }

  createLimiter(options: LimiterOptions): OtpLimiter {
    const id = `${options.keyPrefix}/${options.points}/${options.durationSeconds}`;
    let limiter = this.#limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterCounter(
        new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds }),
      );
      this.#limiters.set(id, limiter);
    }
    return limiter;
  }

  #create(challengeId: string, rules: { ttlMs: number; now: number }): Challenge {
    this.#sweep(rules.now);
    const challenge: Challenge = { sends: 0, lastSentAt: 0, code: undefined, expiresAt: rules.now + rules.ttlMs };
    this.#challenges.set(challengeId, challenge);
    return challenge;
  }

  #live(challengeId: string, now: number): Challenge | undefined {
    const challenge = this.#challenges.get(challengeId);
    if (challenge && challenge.expiresAt <= now) {
      this.#challenges.delete(challengeId);
      return undefined;
    }
    return challenge;
  }

  /** Drops lapsed sign-ins now and then, so abandoned ones do not pile up. */
  #sweep(now: number): void {
    if (now < this.#nextSweepAt) return;
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [id, challenge] of this.#challenges) if (challenge.expiresAt <= now) this.#challenges.delete(id);
  }
}
