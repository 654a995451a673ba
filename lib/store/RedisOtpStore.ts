import { RateLimiterRedis } from 'rate-limiter-flexible';
import { InvalidOptionError, OtpStoreUnavailableError } from '../errors';
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
import { withTimeout } from './withTimeout';
import { integerOption } from '../validateOption';
import { CONSUME_CODE, FORGET, INSPECT, RELEASE_SEND, RESERVE_SEND, SAVE_CODE, TAKE_ATTEMPT, type Script } from './redisScripts';

/** The parts of a connected node-redis v5 client (`createClient()` from `redis`) this store uses. */
export interface RedisClientLike {
  /** False while the client is disconnected or reconnecting: the store then fails closed at once. */
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** Runs a script Redis already holds, by its SHA1; used when the client has it. */
  evalSha?(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Options of `new RedisOtpStore(options)`. */
export interface RedisOtpStoreOptions {
  /**
   * A connected node-redis v5 client, shared with the rest of the app if you like (connect-redis
   * can use the same one). Listen to its `'error'` event, or a lost connection crashes the process.
   */
  client: RedisClientLike;
  /** Put before every key this store writes. Default `'sms-otp:'`. */
  prefix?: string;
  /**
   * How long to wait for Redis before failing closed (a 503 page), in milliseconds. Integer from
   * 10 to 60000; default 2000. It covers a server that hangs without closing the connection.
   */
  timeoutMs?: number;
}

/**
 * Keeps codes and limits in Redis, so every instance of the app shares them. Each method is one
 * Lua script (atomic); keys expire on their own. When Redis cannot be reached, every method
 * rejects with an `OtpStoreUnavailableError` and the sign-in fails closed.
 */
export class RedisOtpStore implements OtpStore {
  readonly #client: RedisClientLike;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(options: RedisOtpStoreOptions) {
    const client = options?.client as Partial<RedisClientLike> | undefined;
    if (!client || typeof client.eval !== 'function' || typeof client.isReady !== 'boolean') {
      throw new InvalidOptionError('RedisOtpStore.client', 'a node-redis v5 client (createClient() from "redis")');
    }
    const prefix = options.prefix ?? 'sms-otp:';
    if (typeof prefix !== 'string') throw new InvalidOptionError('RedisOtpStore.prefix', 'a string');
    this.#client = client as RedisClientLike;
    this.#prefix = prefix;
    this.#timeoutMs = integerOption('RedisOtpStore.timeoutMs', options.timeoutMs, 2000, 10, 60_000);
  }

  async reserveSend(challengeId: string, rules: SendRules): Promise<SendDecision> {
    const args = [rules.now, rules.ttlMs, rules.firstOnly ? 1 : 0, rules.cooldownMs, rules.maxSends];
    const [granted, detail, number] = (await this.#run(RESERVE_SEND, challengeId, args)) as [number, number | string, number];
    if (granted === 1) return { granted: true, first: detail === 1, previousSentAt: Number(number) };
    return { granted: false, reason: detail as 'sent' | 'cooldown' | 'limit', retryAfterMs: Number(number) };
  }

  async releaseSend(challengeId: string, reservation: SendReservation): Promise<void> {
    await this.#run(RELEASE_SEND, challengeId, [reservation.previousSentAt]);
  }

  async saveCode(challengeId: string, code: StoredCode): Promise<void> {
    await this.#run(SAVE_CODE, challengeId, [code.now, code.ttlMs, code.hash, code.expiresAt, code.maxAttempts]);
  }

  async takeAttempt(challengeId: string, now: number): Promise<AttemptDecision> {
    const [status, hash, attemptsLeft] = (await this.#run(TAKE_ATTEMPT, challengeId, [now])) as [string, string, number];
    if (status === 'ready') return { status, hash, attemptsLeft: Number(attemptsLeft) };
    return { status: status as 'none' | 'expired' | 'exhausted' };
  }

  async consumeCode(challengeId: string, hash: string): Promise<boolean> {
    return (await this.#run(CONSUME_CODE, challengeId, [hash])) === 1;
  }

  async inspect(challengeId: string, now: number): Promise<ChallengeStatus> {
    const fields = (await this.#run(INSPECT, challengeId, [])) as (string | null)[];
    const [sends, lastSentAt, hash, codeExpiresAt, attemptsLeft, expiresAt] = fields;
    if (expiresAt === null || Number(expiresAt) <= now) return { sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0 };
    const codeUsable = hash !== null && Number(codeExpiresAt) > now && Number(attemptsLeft) > 0;
    return { sends: Number(sends), lastSentAt: Number(lastSentAt), codeUsable, attemptsLeft: codeUsable ? Number(attemptsLeft) : 0 };
  }

  async forget(challengeId: string): Promise<void> {
    await this.#run(FORGET, challengeId, []);
  }

  createLimiter(options: LimiterOptions): OtpLimiter {
    return new RateLimiterCounter(
      new RateLimiterRedis({
        storeClient: this.#client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${this.#prefix}limit:${options.keyPrefix}`,
        points: options.points,
        duration: options.durationSeconds,
      }),
      this.#timeoutMs,
    );
  }

  /** Runs one script on the sign-in's key; a closed client, a late answer or any Redis error fails closed. */
  async #run(script: Script, challengeId: string, args: (string | number)[]): Promise<unknown> {
    // A disconnected node-redis client queues commands until it reconnects; refuse at once instead.
    if (!this.#client.isReady) throw new OtpStoreUnavailableError('Redis is not connected.');
    const options = { keys: [`${this.#prefix}c:${challengeId}`], arguments: args.map(String) };
    try {
      return await withTimeout(this.#evaluate(script, options), this.#timeoutMs);
    } catch (err) {
      if (err instanceof OtpStoreUnavailableError) throw err;
      throw new OtpStoreUnavailableError('Redis did not answer.', { cause: err });
    }
  }

  /** Sends the script's SHA1 rather than its text, and the text only when Redis does not hold it yet. */
  async #evaluate(script: Script, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    if (!this.#client.evalSha) return this.#client.eval(script.source, options);
    try {
      return await this.#client.evalSha(script.sha1, options);
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
      return this.#client.eval(script.source, options);
    }
  }
}
