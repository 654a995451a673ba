import { OtpStoreUnavailableError } from '../../errors';
import { DEFAULTS, RANGES } from '../../config/defaults';
import { optionNames, optional, required } from '../../config/validate';
import type {
  ChallengeRef,
  ChallengeStatus,
  DeliveryStatus,
  DeliveryStore,
  DeviceRequest,
  DeviceStatus,
  GroupRef,
  GroupSendDecision,
  GroupSendRequest,
  OtpStore,
  QuotaDecision,
  QuotaRequest,
  RecordReceiptRequest,
  RecordReceiptResult,
  RecoveryAttemptDecision,
  RecoveryAttemptRequest,
  RecoveryCodeStore,
  RecoveryUseRequest,
  RecoveryUseResult,
  ReleaseRequest,
  RememberDeviceStore,
  SendDecision,
  SendRefusalReason,
  SendRequest,
  TollFraudStore,
  TrackDeliveryRequest,
  UnlockResult,
  VerifyDecision,
  VerifyRequest,
} from '../OtpStore';
import { ClientReadiness } from './clientReadiness';
import { FIND_MESSAGE, INDEX_MESSAGE, RECORD_RECEIPT, TRACK_DELIVERY } from './deliveryScripts';
import { CHECK_DEVICE, FORGET_DEVICES, REMEMBER_DEVICE } from './deviceScripts';
import { GROUP_VERIFIED, RETURN_GROUP_SEND, TAKE_GROUP_SEND } from './groupScripts';
import { RedisKeys } from './redisKeys';
import { toScriptClient, type RedisScriptClient } from './redisScriptClient';
import {
  END,
  INSPECT,
  RECOVERY_CODE_USED,
  RELEASE_SEND,
  RESERVE_SEND,
  RETURN_QUOTA,
  TAKE_QUOTA,
  TAKE_RECOVERY_ATTEMPT,
  UNLOCK,
  VERIFY,
  type Script,
} from './redisScripts';
import { withTimeout } from './withTimeout';

/** Options of `new RedisOtpStore(options)`. */
export interface RedisOtpStoreOptions {
  /**
   * A Redis client (node-redis 5 or 6, ioredis 5; a client or a cluster), shared with the rest of
   * the app if you like (connect-redis can use the same one). Listen to its `'error'` event, or a
   * lost connection crashes the process. It may still be connecting: see `timeoutMs`.
   */
  client: unknown;
  /**
   * Put before every key this store writes.
   * @defaultValue `'sms-otp:'`
   */
  prefix?: string;
  /**
   * How long to wait for Redis before failing closed (a 503 page), in milliseconds. Integer from
   * 10 to 60000. It covers a server that hangs without closing the connection, and, at start-up,
   * a client that has never been ready yet (its first connection is waited for this long; once it
   * has been ready, a disconnected client fails closed at once).
   * @defaultValue `2000`
   */
  timeoutMs?: number;
}

const REDIS_OTP_STORE_OPTIONS = optionNames<RedisOtpStoreOptions>({ client: true, prefix: true, timeoutMs: true });

/**
 * Keeps sign-ins, codes and limits in Redis, so every instance of the app shares them. Each
 * method is one Lua script (one round trip, atomic); keys expire on their own. When Redis cannot
 * be reached or does not answer in time, every method rejects with an `OtpStoreUnavailableError`
 * and the sign-in fails closed.
 */
export class RedisOtpStore implements OtpStore, RememberDeviceStore, RecoveryCodeStore, DeliveryStore, TollFraudStore {
  readonly #redis: RedisScriptClient;
  readonly #readiness: ClientReadiness;
  readonly #keys: RedisKeys;
  readonly #timeoutMs: number;

  constructor(options: RedisOtpStoreOptions) {
    const given = required.options<RedisOtpStoreOptions>('RedisOtpStore', options, REDIS_OTP_STORE_OPTIONS, 'an object { client, prefix?, timeoutMs? }');
    this.#redis = toScriptClient(given.client);
    this.#readiness = new ClientReadiness(this.#redis);
    this.#keys = new RedisKeys(optional.string('RedisOtpStore.prefix', given.prefix, DEFAULTS.redisOtpStore.prefix));
    this.#timeoutMs = optional.integer('RedisOtpStore.timeoutMs', given.timeoutMs, ...RANGES.redisOtpStore.timeoutMs, DEFAULTS.redisOtpStore.timeoutMs);
  }

  async reserveSend(request: SendRequest): Promise<SendDecision> {
    const { code, userQuota } = request;
    const keys = [this.#keys.signIn(request), this.#keys.lock(request), this.#keys.userQuota(request)];
    const rules = [request.now, request.ttlMs, request.firstOnly ? 1 : 0, request.cooldownMs, request.maxSends];
    const args = [...rules, code.hash, code.expiresAt, code.maxAttempts, userQuota?.max ?? 0, userQuota?.windowMs ?? 0];
    const [granted, detail, retryAfterMs] = (await this.#run(RESERVE_SEND, keys, args)) as [number, number | string, number];
    if (granted === 1) return { granted: true, first: detail === 1 };
    return { granted: false, reason: detail as SendRefusalReason, retryAfterMs: Number(retryAfterMs) };
  }

  async releaseSend(request: ReleaseRequest): Promise<void> {
    const keys = [this.#keys.signIn(request), this.#keys.userQuota(request)];
    await this.#run(RELEASE_SEND, keys, [request.now, request.hash, request.refundUserQuota ? 1 : 0]);
  }

  async takeQuota(request: QuotaRequest): Promise<QuotaDecision> {
    const args = [request.now, request.max, request.windowMs];
    const [granted, retryAfterMs] = (await this.#run(TAKE_QUOTA, [this.#keys.quota(request.subject)], args)) as [number, number];
    return granted === 1 ? { granted: true } : { granted: false, retryAfterMs: Number(retryAfterMs) };
  }

  async returnQuota(request: QuotaRequest): Promise<void> {
    await this.#run(RETURN_QUOTA, [this.#keys.quota(request.subject)], [request.now]);
  }

  async verify(request: VerifyRequest): Promise<VerifyDecision> {
    const { lockout } = request;
    const keys = [this.#keys.signIn(request), this.#keys.lock(request)];
    const rule = [lockout.maxFailures, lockout.durationMs, lockout.failureWindowMs, request.endedTtlMs, lockout.maxConsecutiveFailures, lockout.maxDurationMs];
    const [status, first, second, third] = (await this.#run(VERIFY, keys, [request.now, request.hash, ...rule])) as [string, number?, number?, number?];
    if (status === 'wrong') return { status, attemptsLeft: Number(first), lockedForMs: Number(second), held: Number(third) === 1 };
    if (status === 'locked') return { status, retryAfterMs: Number(first) };
    return { status: status as 'verified' | 'held' | 'none' | 'expired' | 'exhausted' | 'ended' };
  }

  async inspect(request: ChallengeRef & { readonly now: number }): Promise<ChallengeStatus> {
    const keys = [this.#keys.signIn(request), this.#keys.lock(request)];
    const reply = (await this.#run(INSPECT, keys, [request.now])) as (number | string)[];
    const [ended, sends, lastSentAt, codeUsable, attemptsLeft, lockedForMs, held] = reply.slice(0, 7).map(Number);
    const status = { ended: ended === 1, sends, lastSentAt, codeUsable: codeUsable === 1, attemptsLeft, lockedForMs, held: held === 1 };
    // The current code's delivery follows, when it is tracked.
    return reply.length > 7 ? { ...status, delivery: toDeliveryStatus(reply.slice(7)) } : status;
  }

  async end(request: ChallengeRef & { readonly now: number; readonly ttlMs: number }): Promise<void> {
    await this.#run(END, [this.#keys.signIn(request)], [request.now, request.ttlMs]);
  }

  async unlock(request: { readonly userId: string; readonly now: number }): Promise<UnlockResult> {
    return { released: (await this.#run(UNLOCK, [this.#keys.lockOf(request.userId)], [request.now])) as UnlockResult['released'] };
  }

  async takeRecoveryAttempt(request: RecoveryAttemptRequest): Promise<RecoveryAttemptDecision> {
    const keys = [this.#keys.signIn(request), this.#keys.recoveryAttempts(request)];
    const [granted, reason, retryAfterMs] = (await this.#run(TAKE_RECOVERY_ATTEMPT, keys, [request.now, request.rule.max, request.rule.windowMs])) as [number, string?, number?];
    if (granted === 1) return { granted: true };
    return reason === 'ended' ? { granted: false, reason } : { granted: false, reason: 'limit', retryAfterMs: Number(retryAfterMs) };
  }

  async recoveryCodeUsed(request: RecoveryUseRequest): Promise<RecoveryUseResult> {
    const keys = [this.#keys.signIn(request), this.#keys.lock(request), this.#keys.recoveryAttempts(request)];
    const [status, released] = (await this.#run(RECOVERY_CODE_USED, keys, [request.now, request.endedTtlMs])) as [string, UnlockResult['released']?];
    return status === 'ended' ? { status } : { status: 'verified', released: released ?? 'nothing' };
  }

  async rememberDevice(request: DeviceRequest & { readonly expiresAt: number }): Promise<void> {
    const args = [request.deviceId, request.numberId, request.expiresAt, request.now];
    await this.#run(REMEMBER_DEVICE, [this.#keys.devices(request.userId)], args);
  }

  async checkDevice(request: DeviceRequest & { readonly maxAgeMs: number }): Promise<DeviceStatus> {
    const args = [request.deviceId, request.numberId, request.now, request.maxAgeMs];
    return (await this.#run(CHECK_DEVICE, [this.#keys.devices(request.userId)], args)) as DeviceStatus;
  }

  async forgetDevices(request: { readonly userId: string }): Promise<void> {
    await this.#run(FORGET_DEVICES, [this.#keys.devices(request.userId)], []);
  }

  async trackDelivery(request: TrackDeliveryRequest): Promise<void> {
    if (request.messageIds.length === 0) return;
    const args = [request.now, request.hash, request.provider, request.channel, request.purpose, ...request.messageIds];
    if ((await this.#run(TRACK_DELIVERY, [this.#keys.signIn(request)], args)) !== 1) return;
    // Only once the sign-in took the message: each id's key may be in a slot of its own, apart from the user's.
    const message = [request.challengeId, request.userId, request.hash, request.now + request.ttlMs, request.ttlMs];
    await Promise.all(request.messageIds.map((id) => this.#run(INDEX_MESSAGE, [this.#keys.message(id)], message)));
  }

  async recordReceipt(request: RecordReceiptRequest): Promise<RecordReceiptResult> {
    const found = (await this.#run(FIND_MESSAGE, [this.#keys.message(request.messageId)], [request.now])) as string[];
    if (found.length === 0) return { status: 'unknown' };
    const [challengeId, userId, hash] = found;
    const ref = { challengeId, userId };
    // The sign-in's own step checks again that the message carried its current code, and decides the rest.
    const args = [request.now, hash, request.messageId, request.state, request.code, request.fault];
    const [status, changed, ...delivery] = (await this.#run(RECORD_RECEIPT, [this.#keys.signIn(ref)], args)) as [string, number, ...string[]];
    if (status === 'ended') return { status };
    return { status: 'recorded', ref, delivery: toDeliveryStatus(delivery), changed: Number(changed) === 1 };
  }

  async takeGroupSend(request: GroupSendRequest): Promise<GroupSendDecision> {
    const { conversion } = request;
    const rule = conversion ? [conversion.minSends, conversion.minRate, conversion.pauseMs] : ['', '', ''];
    const args = [...groupWindow(request), request.maxSends, ...rule];
    const [granted, reason, retryAfterMs, started] = (await this.#run(TAKE_GROUP_SEND, [this.#keys.group(request.group)], args)) as [number, string?, number?, number?];
    if (granted === 1) return { granted: true };
    return { granted: false, reason: reason as 'velocity' | 'conversion', retryAfterMs: Number(retryAfterMs), started: Number(started) === 1 };
  }

  async returnGroupSend(request: GroupRef): Promise<void> {
    await this.#run(RETURN_GROUP_SEND, [this.#keys.group(request.group)], groupWindow(request));
  }

  async groupVerified(request: GroupRef): Promise<void> {
    await this.#run(GROUP_VERIFIED, [this.#keys.group(request.group)], groupWindow(request));
  }

  /** Runs one script; a disconnected client, a late answer or any Redis error fails closed. */
  async #run(script: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
    await this.#connected();
    try {
      return await withTimeout(this.#redis.runScript(script, keys, args.map(String)), this.#timeoutMs);
    } catch (err) {
      if (err instanceof OtpStoreUnavailableError) throw err;
      throw new OtpStoreUnavailableError('Redis did not answer.', { cause: err });
    }
  }

  /**
   * Waits up to `timeoutMs` for a client's first connection. A client that was ready before and is
   * not now would queue commands until it reconnects (or refuse them): refuse at once instead.
   */
  async #connected(): Promise<void> {
    const state = this.#readiness.state();
    if (state === 'ready') return;
    if (state === 'lost') throw new OtpStoreUnavailableError('Redis is not connected.');
    // Ready and lost again in the same moment: the script would not reach Redis either.
    if (!(await this.#readiness.firstReady(this.#timeoutMs)) || !this.#redis.isReady()) {
      throw new OtpStoreUnavailableError(`Redis did not connect within ${this.#timeoutMs} ms.`);
    }
  }
}

/** The first arguments of every group script. */
function groupWindow(ref: GroupRef): number[] {
  return [ref.now, ref.windowMs, ref.bucketMs];
}

/** A delivery as the scripts' `deliveryFields` answer it. */
function toDeliveryStatus(fields: readonly (number | string)[]): DeliveryStatus {
  const [state, code, fault, provider, channel, purpose, sentAt] = fields.map(String);
  return { state: state as DeliveryStatus['state'], code, fault: fault as DeliveryStatus['fault'], provider, channel: channel as DeliveryStatus['channel'], purpose, sentAt: Number(sentAt) };
}
