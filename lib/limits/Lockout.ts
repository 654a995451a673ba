import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional } from '../config/validate';
import type { LockoutRule } from '../store/OtpStore';

/** Option `lockout`: wrong codes, across codes and sign-ins, that lock SMS OTP for a user. */
export interface LockoutOptions {
  /**
   * Wrong codes (any code, any sign-in) within the failure window that lock the user out. Integer
   * from 1 to 100 (NIST SP 800-63B allows at most 100). A right code starts the count again.
   * @defaultValue `10`
   */
  maxFailures?: number;
  /**
   * How long the lock lasts, in seconds. Integer from 1 to 86400; 15 minutes by default.
   * @defaultValue `900`
   */
  durationSeconds?: number;
  /**
   * How long wrong codes are remembered, in seconds from the first of them, when no lock follows.
   * Integer from 60 to 2592000 (30 days); one day by default.
   * @defaultValue `86400`
   */
  failureWindowSeconds?: number;
}

const LOCKOUT_OPTIONS = optionNames<LockoutOptions>({ maxFailures: true, durationSeconds: true, failureWindowSeconds: true });

/** Validates the `lockout` option into the rule the store applies. */
export function resolveLockout(options: unknown): LockoutRule {
  const lockout = optional.options<LockoutOptions, LockoutOptions>('lockout', options, LOCKOUT_OPTIONS, {});
  const { maxFailures, durationSeconds, failureWindowSeconds } = DEFAULTS.lockout;
  return Object.freeze({
    maxFailures: optional.integer('lockout.maxFailures', lockout.maxFailures, ...RANGES.lockout.maxFailures, maxFailures),
    durationMs: optional.integer('lockout.durationSeconds', lockout.durationSeconds, ...RANGES.lockout.durationSeconds, durationSeconds) * 1000,
    failureWindowMs: optional.integer('lockout.failureWindowSeconds', lockout.failureWindowSeconds, ...RANGES.lockout.failureWindowSeconds, failureWindowSeconds) * 1000,
  });
}
