import { InvalidOptionError } from '../errors';
import type { LimiterFactory, OtpLimiter } from '../store/OtpStore';
import { integerOption } from '../validateOption';

/** Option `lockout`: consecutive wrong codes, across codes and sign-ins, that lock SMS OTP for a user. */
export interface LockoutOptions {
  /**
   * Wrong codes in a row (any code, any sign-in) that lock the user out. Integer from 1 to 100
   * (NIST SP 800-63B allows at most 100); default 10. A right code starts the count again.
   */
  maxFailures?: number;
  /** How long the lock lasts, in seconds. Integer from 1 to 86400; default 900 (15 minutes). */
  durationSeconds?: number;
  /**
   * How long wrong codes are remembered, in seconds from the first of them, when no lock follows.
   * Integer from 60 to 2592000 (30 days); default 86400 (one day).
   */
  failureWindowSeconds?: number;
}

/** Whether a user may try a code or be sent one. */
export type LockoutDecision =
  | { readonly allowed: true; readonly failures: number }
  | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Account lockout: counts wrong codes per user in the store's backend. Each attempt takes its
 * point before the code is compared, so parallel guesses cannot slip past the limit.
 */
export class Lockout {
  private constructor(
    private readonly limiter: OtpLimiter,
    /** Wrong codes in a row that lock the user out. */
    readonly maxFailures: number,
    /** How long a lock lasts, in seconds. */
    readonly durationSeconds: number,
  ) {}

  /** Validates the `lockout` option and creates its counter in `store`. */
  static create(options: LockoutOptions | undefined, store: LimiterFactory): Lockout {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new InvalidOptionError('lockout', 'an object { maxFailures, durationSeconds, failureWindowSeconds }');
    }
    const maxFailures = integerOption('lockout.maxFailures', options?.maxFailures, 10, 1, 100);
    const durationSeconds = integerOption('lockout.durationSeconds', options?.durationSeconds, 900, 1, 86_400);
    const windowSeconds = integerOption('lockout.failureWindowSeconds', options?.failureWindowSeconds, 86_400, 60, 2_592_000);
    const limiter = store.createLimiter({ keyPrefix: 'lockout', points: maxFailures, durationSeconds: windowSeconds });
    return new Lockout(limiter, maxFailures, durationSeconds);
  }

  /** Whether the user is locked out now, without counting anything (before a send). */
  async check(userKey: string): Promise<LockoutDecision> {
    const state = await this.limiter.get(userKey);
    if (state.consumed > this.maxFailures) return { allowed: false, retryAfterMs: state.retryAfterMs };
    return { allowed: true, failures: state.consumed };
  }

  /** Counts an attempt as a failure in advance; `failures` includes it. */
  async takeAttempt(userKey: string): Promise<LockoutDecision> {
    const result = await this.limiter.consume(userKey);
    if (!result.allowed) {
      // A refused attempt compares nothing: keep the count to real failures.
      await this.limiter.reward(userKey);
      return { allowed: false, retryAfterMs: result.retryAfterMs };
    }
    return { allowed: true, failures: result.consumed };
  }

  /** The attempt compared no code (none was out, or it had expired): it is not a failure. */
  async cancelAttempt(userKey: string): Promise<void> {
    await this.limiter.reward(userKey);
  }

  /** The attempt was wrong; locks the user once `failures` reaches the limit. True when now locked. */
  async confirmFailure(userKey: string, failures: number): Promise<boolean> {
    if (failures < this.maxFailures) return false;
    await this.limiter.block(userKey, this.durationSeconds);
    return true;
  }

  /** The right code: the count starts again. */
  async reset(userKey: string): Promise<void> {
    await this.limiter.delete(userKey);
  }
}
