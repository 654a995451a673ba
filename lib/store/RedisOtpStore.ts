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
import { CONSUME_CODE, INSPECT, RELEASE_SEND, RESERVE_SEND, SAVE_CODE, TAKE_ATTEMPT } from './redisScripts';

/** The parts of a connected node-redis v5 client (`createClient()` from `redis`) this store uses. */
export interface RedisClientLike {
  /** False while the client is disconnected or reconnecting: the store then fails closed at once. */
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
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
}

/**
 * Keeps codes and limits in Redis, so every instance of the app shares them. Each method is one
 * Lua script (atomic); keys expire on their own. When Redis cannot be reached, every method
 * rejects with an `OtpStoreUnavailableError` and the sign-in fails closed.
 */
export class RedisOtpStore implements OtpStore {
  readonly #client: RedisClientLike;
  readonly #prefix: string;

  constructor(options: RedisOtpStoreOptions) {
    const client = options?.client as Partial<RedisClientLike> | undefined;
    if (!client || typeof client.eval !== 'function' || typeof client.isReady !== 'boolean') {
      throw new InvalidOptionError('RedisOtpStore.client', 'a node-redis v5 client (createClient() from "redis")');
    }
    const prefix = options.prefix ?? 'sms-otp:';
    if (typeof prefix !== 'string') throw new InvalidOptionError('RedisOtpStore.prefix', 'a string');
    this.#client = client as RedisClientLike;
    this.#prefix = prefix;
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
    const fields = (await this.#run(INSPECT, challengeId, [now])) as (string | null)[];
    const [sends, lastSentAt, hash, codeExpiresAt, attemptsLeft, expiresAt] = fields;
    if (expiresAt === null || Number(expiresAt) <= now) return { sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0 };
    const codeUsable = hash !== null && Number(codeExpiresAt) > now && Number(attemptsLeft) > 0;
    return { sends: Number(sends), lastSentAt: Number(lastSentAt), codeUsable, attemptsLeft: codeUsable ? Number(attemptsLeft) : 0 };
  }

  async forget(challengeId: string): Promise<void> {
    await this.#run('return redis.call("DEL", KEYS[1])', challengeId, []);
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
    );
  }

  /** Runs one script on the sign-in's key; a closed client or any Redis error fails closed. */
  async #run(script: string, challengeId: string, args: (string | number)[]): Promise<unknown> {
    // A disconnected node-redis client queues commands until it reconnects; refuse at once instead.
    if (!this.#client.isReady) throw new OtpStoreUnavailableError('Redis is not connected.');
    try {
      return await this.#client.eval(script, { keys: [`${this.#prefix}c:${challengeId}`], arguments: args.map(String) });
    } catch (err) {
      throw new OtpStoreUnavailableError('Redis did not answer.', { cause: err });
    }
  }
}
