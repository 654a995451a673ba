import { InvalidOptionError } from '../errors';
import type { LockoutRule } from '../store/OtpStore';
import { integerOption } from '../validateOption';

/** Option `lockout`: wrong codes, across codes and sign-ins, that lock SMS OTP for a user. */
export interface LockoutOptions {
  /**
   * Wrong codes (any code, any sign-in) within the failure window that lock the user out. Integer
   * from 1 to 100 (NIST SP 800-63B allows at most 100); default 10. A right code starts the count again.
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

/** Validates the `lockout` option into the rule the store applies. */
export function resolveLockout(options: LockoutOptions | undefined): LockoutRule {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidOptionError('lockout', 'an object { maxFailures, durationSeconds, failureWindowSeconds }');
  }
  return Object.freeze({
    maxFailures: integerOption('lockout.maxFailures', options?.maxFailures, 10, 1, 100),
    durationMs: integerOption('lockout.durationSeconds', options?.durationSeconds, 900, 1, 86_400) * 1000,
    failureWindowMs: integerOption('lockout.failureWindowSeconds', options?.failureWindowSeconds, 86_400, 60, 2_592_000) * 1000,
  });
}
