import { RateLimiterRes, type RateLimiterAbstract, type RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * How many wrong passwords the password step lets through, and for how long it then refuses. The
 * package limits the codes; the password before them is the app's to limit.
 */
export interface PasswordLimitOptions {
  /** Wrong passwords in a row for one username from one IP address before that pair is refused; default 10. */
  readonly consecutiveFailsByUsernameAndIp: number;
  /** How long that pair is then refused, in seconds; default 3600 (an hour). */
  readonly usernameAndIpBlockSeconds: number;
  /** Wrong passwords from one IP address in a day, whatever the username, before the address is refused; default 100. */
  readonly wrongAttemptsByIpPerDay: number;
  /** How long the address is then refused, in seconds; default 86400 (a day). */
  readonly ipBlockSeconds: number;
}

/** The limits of rate-limiter-flexible's "login endpoint protection" example. */
export const DEFAULT_PASSWORD_LIMITS: PasswordLimitOptions = Object.freeze({
  consecutiveFailsByUsernameAndIp: 10,
  usernameAndIpBlockSeconds: 60 * 60,
  wrongAttemptsByIpPerDay: 100,
  ipBlockSeconds: 24 * 60 * 60,
});

/** What a limiter is made of: rate-limiter-flexible's options, with the prefix that names it. */
export type RateLimiterOptions = ConstructorParameters<typeof RateLimiterMemory>[0] & { readonly keyPrefix: string };

/** Makes a limiter where the app keeps its other state: in memory, or in Redis. */
export type MakeRateLimiter = (options: RateLimiterOptions) => RateLimiterAbstract;

/** A password attempt refused unchecked: too many wrong ones came before it. */
export class TooManyPasswordAttempts extends Error {
  override name = 'TooManyPasswordAttempts';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many wrong passwords: the next attempt is taken in ${retryAfterSeconds} s.`);
  }
}

/**
 * How long a pair's count of wrong passwords in a row is kept: only a right password, or this long
 * without a wrong one, clears it. Not the 90 days of rate-limiter-flexible's example: RateLimiterMemory
 * keeps a key with a Node timer, which cannot run past about 24.8 days (it would fire at once).
 */
const CONSECUTIVE_MEMORY_SECONDS = 20 * 24 * 60 * 60;

/**
 * Limits on the password step, after rate-limiter-flexible's login endpoint protection: wrong
 * passwords in a row per username and IP address (a right one starts the count over), and wrong
 * passwords per IP address per day, across usernames. Keyed on the pair rather than the username
 * alone, so nobody can lock a user out from elsewhere by typing wrong passwords for them.
 *
 * One change to that example: each attempt takes its point before the password is checked, not
 * after a wrong one, so a burst of parallel guesses cannot all pass a check made before any of them
 * is counted; a right password gives its point back.
 */
export class PasswordLimits {
  readonly #byUsernameAndIp: RateLimiterAbstract;
  readonly #byIp: RateLimiterAbstract;

  constructor(makeLimiter: MakeRateLimiter, limits: PasswordLimitOptions = DEFAULT_PASSWORD_LIMITS) {
    this.#byUsernameAndIp = makeLimiter({
      keyPrefix: 'login_fail_consecutive_username_and_ip',
      points: limits.consecutiveFailsByUsernameAndIp,
      duration: CONSECUTIVE_MEMORY_SECONDS,
      blockDuration: limits.usernameAndIpBlockSeconds,
    });
    this.#byIp = makeLimiter({
      keyPrefix: 'login_fail_ip_per_day',
      points: limits.wrongAttemptsByIpPerDay,
      duration: 24 * 60 * 60,
      blockDuration: limits.ipBlockSeconds,
    });
  }

  /**
   * Checks a password within the limits: the user for a right one, `undefined` for a wrong one.
   * Every username counts, known or not, so how long the answer takes does not tell which exist.
   *
   * @throws {TooManyPasswordAttempts} when the address, or this username from it, has no attempt left: the password is not checked.
   */
  async attempt<User>(ip: string, username: string, checkPassword: () => Promise<User | undefined>): Promise<User | undefined> {
    const pair = `${ip}|${username}`;
    const taken = await Promise.allSettled([this.#byIp.consume(ip), this.#byUsernameAndIp.consume(pair)]);
    const retryAfterSeconds = Math.max(...taken.map(secondsToWait));
    if (retryAfterSeconds > 0) throw new TooManyPasswordAttempts(retryAfterSeconds);
    const user = await checkPassword();
    if (user !== undefined) await Promise.all([this.#byIp.reward(ip, 1), this.#byUsernameAndIp.delete(pair)]);
    return user;
  }
}

/** 0 for a point taken; the wait for a refusal; a store's failure is thrown (the attempt fails closed). */
function secondsToWait(taken: PromiseSettledResult<unknown>): number {
  if (taken.status === 'fulfilled') return 0;
  if (!(taken.reason instanceof RateLimiterRes)) throw taken.reason;
  return Math.max(1, Math.ceil(taken.reason.msBeforeNext / 1000));
}
