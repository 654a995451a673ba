import { DEFAULTS, RANGES } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import type { QuotaRule } from '../store/OtpStore';
import { RecoveryCodeHasher } from './RecoveryCodeHasher';

/**
 * Option `recoveryCodes`: one-time codes a user keeps for when they cannot use their phone. The app
 * keeps the codes' hashes in its own user database (never in the OTP store, which may evict: a
 * credential must not vanish); the package never hands it a code in clear. `User` is your app's user.
 */
export interface RecoveryCodesOptions<User = unknown> {
  /**
   * Replaces the user's whole set of recovery codes with `hashes` (hex HMAC-SHA256 strings, one per
   * code). Called when the user creates a new set; may return a promise. Required.
   */
  save(user: User, hashes: readonly string[], req: unknown): void | Promise<void>;
  /**
   * Removes `hash` from the user's set and answers `true` only if it was there. Make it atomic, so
   * two requests with the same code cannot both get `true`: such as
   * `DELETE FROM recovery_codes WHERE user_id = $1 AND hash = $2` and its row count. Required.
   */
  consume(user: User, hash: string, req: unknown): boolean | Promise<boolean>;
  /**
   * How many of the user's recovery codes are left: an integer, or its string (as node-postgres
   * answers `count(*)`). Required.
   */
  count(user: User, req: unknown): number | string | Promise<number | string>;
  /**
   * Codes in a new set. Integer from 5 to 20.
   * @defaultValue `10`
   */
  size?: number;
  /**
   * Wrong recovery codes a user may enter within `windowSeconds`; then the form refuses (429) until
   * the window ends. Counted apart from wrong SMS codes. Integer from 1 to 100.
   * @defaultValue `10`
   */
  maxFailures?: number;
  /**
   * The window of `maxFailures`, in seconds from the first try in it. Integer from 60 to 86400.
   * @defaultValue `3600`
   */
  windowSeconds?: number;
}

/** The `recoveryCodes` option after validation. */
export interface RecoveryCodeSettings {
  readonly save: (user: unknown, hashes: readonly string[], req: unknown) => Promise<void>;
  readonly consume: (user: unknown, hash: string, req: unknown) => Promise<boolean>;
  readonly count: (user: unknown, req: unknown) => Promise<number>;
  readonly size: number;
  /** The user's tries at recovery codes, kept by the store. */
  readonly attempts: QuotaRule;
  readonly hasher: RecoveryCodeHasher;
}

const RECOVERY_CODES_OPTIONS = optionNames<RecoveryCodesOptions>({ save: true, consume: true, count: true, size: true, maxFailures: true, windowSeconds: true });

/**
 * The app's count as a number of codes: an integer, or the string of one (node-postgres answers
 * `count(*)` as a string); anything else counts as none.
 */
function codesLeft(answer: unknown): number {
  const left = typeof answer === 'string' && /^\d+$/.test(answer) ? Number(answer) : answer;
  return typeof left === 'number' && Number.isInteger(left) && left > 0 ? left : 0;
}

/** Validates the `recoveryCodes` option; `undefined` when it is unset (no recovery codes). */
export function resolveRecoveryCodes(options: unknown, secret: string | Buffer): RecoveryCodeSettings | undefined {
  const given = optional.options<RecoveryCodesOptions, undefined>('recoveryCodes', options, RECOVERY_CODES_OPTIONS, undefined);
  if (!given) return undefined;
  const save = required.function<RecoveryCodesOptions['save']>('recoveryCodes.save', given.save, 'a function (user, hashes, req) that replaces the user’s recovery codes');
  const consume = required.function<RecoveryCodesOptions['consume']>('recoveryCodes.consume', given.consume, 'a function (user, hash, req) that removes one code and answers whether it was there');
  const count = required.function<RecoveryCodesOptions['count']>('recoveryCodes.count', given.count, 'a function (user, req) that answers how many codes are left');
  const defaults = DEFAULTS.recoveryCodes;
  const ranges = RANGES.recoveryCodes;
  return Object.freeze({
    save: async (user: unknown, hashes: readonly string[], req: unknown) => {
      await save.call(given, user, hashes, req);
    },
    consume: async (user: unknown, hash: string, req: unknown) => (await consume.call(given, user, hash, req)) === true,
    count: async (user: unknown, req: unknown) => codesLeft(await count.call(given, user, req)),
    size: optional.integer('recoveryCodes.size', given.size, ...ranges.size, defaults.size),
    attempts: Object.freeze({
      max: optional.integer('recoveryCodes.maxFailures', given.maxFailures, ...ranges.maxFailures, defaults.maxFailures),
      windowMs: optional.integer('recoveryCodes.windowSeconds', given.windowSeconds, ...ranges.windowSeconds, defaults.windowSeconds) * 1000,
    }),
    hasher: new RecoveryCodeHasher(secret),
  });
}
