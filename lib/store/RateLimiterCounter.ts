import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { OtpStoreUnavailableError } from '../errors';
import type { LimitState, OtpLimiter } from './OtpStore';
import { withTimeout } from './withTimeout';

/**
 * An `OtpLimiter` over one of rate-limiter-flexible's limiters, whichever backend it counts in.
 * rate-limiter-flexible rejects a refused `consume` with a `RateLimiterRes` and a backend failure
 * with an `Error`: the first becomes `allowed: false`, the second an `OtpStoreUnavailableError`.
 */
export class RateLimiterCounter implements OtpLimiter {
  /**
   * @param limiter - the rate-limiter-flexible limiter to count with.
   * @param timeoutMs - how long to wait for a remote backend before failing closed; unset for memory.
   */
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly timeoutMs?: number,
  ) {}

  async consume(key: string, points = 1): Promise<LimitState & { allowed: boolean }> {
    try {
      return { allowed: true, ...stateOf(await this.#bounded(this.limiter.consume(key, points))) };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, ...stateOf(err) };
      throw unavailable(err);
    }
  }

  async reward(key: string, points = 1): Promise<void> {
    await this.#bounded(this.limiter.reward(key, points)).catch(rethrowUnavailable);
  }

  async get(key: string): Promise<LimitState> {
    return stateOf(await this.#bounded(this.limiter.get(key)).catch(rethrowUnavailable));
  }

  async block(key: string, durationSeconds: number): Promise<void> {
    await this.#bounded(this.limiter.block(key, durationSeconds)).catch(rethrowUnavailable);
  }

  async delete(key: string): Promise<void> {
    await this.#bounded(this.limiter.delete(key)).catch(rethrowUnavailable);
  }

  #bounded<T>(promise: Promise<T>): Promise<T> {
    return this.timeoutMs === undefined ? promise : withTimeout(promise, this.timeoutMs);
  }
}

function stateOf(res: RateLimiterRes | null): LimitState {
  if (!res) return { consumed: 0, retryAfterMs: 0 };
  return { consumed: res.consumedPoints, retryAfterMs: Math.max(0, res.msBeforeNext) };
}

function unavailable(err: unknown): OtpStoreUnavailableError {
  if (err instanceof OtpStoreUnavailableError) return err;
  return new OtpStoreUnavailableError('The store that keeps the sign-in limits could not be reached.', { cause: err });
}

function rethrowUnavailable(err: unknown): never {
  throw unavailable(err);
}
