import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional } from '../config/validate';
import type { LockoutRule } from '../store/OtpStore';

/** Option `lockout`: wrong codes, across codes and sign-ins, that lock SMS OTP for a user, then hold it. */
export interface LockoutOptions {
  /**
   * Wrong codes (any code, any sign-in) within the failure window that lock the user out. Integer
   * from 1 to 100. A right code starts the count again.
   * @defaultValue `10`
   */
  maxFailures?: number;
  /**
   * How long the first lock lasts, in seconds. Integer from 1 to 86400; 15 minutes by default. Each
   * next lock lasts twice the one before, up to 24 hours, until a right code or `unlock(user)`.
   * @defaultValue `900`
   */
  durationSeconds?: number;
  /**
   * How long wrong codes count toward the next lock, in seconds from the first of them, when no lock
   * follows. Integer from 60 to 2592000 (30 days); one day by default. It does not govern
   * `maxConsecutiveFailures`.
   * @defaultValue `86400`
   */
  failureWindowSeconds?: number;
  /**
   * Wrong codes since the user's last right code (SMS or recovery code) after which the user is
   * held: no code is sent or compared until they use a recovery code or the app calls
   * `unlock(user)`. This count never starts over on its own (not with a new code, a new sign-in, a
   * lock, or time). Integer from 10 to 100 (NIST SP 800-63B: at most 100 consecutive failures), and
   * at least `maxFailures`.
   * @defaultValue `100`
   */
  maxConsecutiveFailures?: number;
}

const LOCKOUT_OPTIONS = optionNames<LockoutOptions>({ maxFailures: true, durationSeconds: true, failureWindowSeconds: true, maxConsecutiveFailures: true });

/** The longest a lock lasts, however many came before it. */
const MAX_LOCK_MS = 86_400_000;

/** Validates the `lockout` option into the rule the store applies. */
export function resolveLockout(options: unknown): LockoutRule {
  const lockout = optional.options<LockoutOptions, LockoutOptions>('lockout', options, LOCKOUT_OPTIONS, {});
  const defaults = DEFAULTS.lockout;
  const maxFailures = optional.integer('lockout.maxFailures', lockout.maxFailures, ...RANGES.lockout.maxFailures, defaults.maxFailures);
  const [least, most] = RANGES.lockout.maxConsecutiveFailures;
  return Object.freeze({
    maxFailures,
    durationMs: optional.integer('lockout.durationSeconds', lockout.durationSeconds, ...RANGES.lockout.durationSeconds, defaults.durationSeconds) * 1000,
    maxDurationMs: MAX_LOCK_MS,
    failureWindowMs: optional.integer('lockout.failureWindowSeconds', lockout.failureWindowSeconds, ...RANGES.lockout.failureWindowSeconds, defaults.failureWindowSeconds) * 1000,
    // A hold below the lock's own count would come first and leave the lock nothing to do.
    maxConsecutiveFailures: optional.integer('lockout.maxConsecutiveFailures', lockout.maxConsecutiveFailures, Math.max(least, maxFailures), most, defaults.maxConsecutiveFailures),
  });
}
