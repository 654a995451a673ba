import type {
  ChallengeRef,
  ChallengeStatus,
  DeliveryStore,
  DeviceRequest,
  DeviceStatus,
  GroupRef,
  GroupSendDecision,
  GroupSendRequest,
  OtpStore,
  QuotaDecision,
  QuotaRequest,
  QuotaRule,
  RecordReceiptRequest,
  RecordReceiptResult,
  RecoveryAttemptDecision,
  RecoveryAttemptRequest,
  RecoveryCodeStore,
  RecoveryUseRequest,
  RecoveryUseResult,
  RememberDeviceStore,
  ReleaseRequest,
  SendDecision,
  SendRequest,
  TollFraudStore,
  TrackDeliveryRequest,
  UnlockResult,
  VerifyDecision,
  VerifyRequest,
} from './OtpStore';
import { deliveryStatus, recordPart, trackedDelivery, type TrackedDelivery } from './trackedDelivery';
import { groupVerified, newGroupState, returnGroupSend, takeGroupSend, type GroupState } from './groupCounters';

/** A code as kept: only its HMAC. */
interface Code {
  hash: string;
  expiresAt: number;
  attemptsLeft: number;
}

/** One sign-in, or the marker that it ended. */
interface SignInState {
  expiresAt: number;
  ended: boolean;
  sends: number;
  lastSentAt: number;
  code: Code | undefined;
  /** The message that carried the current code, once tracked. */
  delivery: TrackedDelivery | undefined;
  /** What a failed send rolls back to. */
  previous: { lastSentAt: number; code: Code | undefined; delivery: TrackedDelivery | undefined } | undefined;
}

/** Where a message id leads: the sign-in and the code its message carried. */
interface MessageState {
  readonly challengeId: string;
  readonly userId: string;
  readonly hash: string;
  readonly expiresAt: number;
}

/** A user's wrong codes, lock and hold. */
interface LockState {
  /** Wrong codes toward the next lock, within the failure window. */
  failures: number;
  windowEndsAt: number;
  lockedUntil: number;
  /** Wrong codes since the last right one: never starts over on its own. */
  consecutive: number;
  /** Locks since the last right code: each lasts twice the one before. */
  locks: number;
  held: boolean;
}

/** A fixed-window counter. */
interface QuotaState {
  count: number;
  windowEndsAt: number;
}

/** A remembered device. */
interface DeviceState {
  numberId: string;
  rememberedAt: number;
  expiresAt: number;
}

/** The number of a revoked device: no number's pseudonym looks like it. */
const REVOKED = '!';

/** How often lapsed entries are swept away. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Keeps everything in this process's memory. Each method runs to completion without yielding,
 * so requests racing inside one process cannot interleave: every step is atomic, as with Redis.
 * Several processes need a shared store such as `RedisOtpStore`.
 */
export class MemoryOtpStore implements OtpStore, RememberDeviceStore, RecoveryCodeStore, DeliveryStore, TollFraudStore {
  readonly #signIns = new Map<string, SignInState>();
  readonly #locks = new Map<string, LockState>();
  readonly #quotas = new Map<string, QuotaState>();
  /** Per user, per device: the number it was remembered with, when, and until when. */
  readonly #devices = new Map<string, Map<string, DeviceState>>();
  /** Per message id (a pseudonym): the sign-in whose code it carried. */
  readonly #messages = new Map<string, MessageState>();
  /** Per group of numbers (a prefix, a country; a pseudonym): its sends, verified codes and pause. */
  readonly #groups = new Map<string, GroupState>();
  #nextSweepAt = 0;

  async reserveSend(request: SendRequest): Promise<SendDecision> {
    const { now } = request;
    this.#sweep(now);
    const existing = this.#live(request.challengeId, now);
    if (existing?.ended) return { granted: false, reason: 'ended', retryAfterMs: 0 };
    if (this.#locks.get(request.userId)?.held) return { granted: false, reason: 'held', retryAfterMs: 0 };
    const lockedForMs = this.#lockedFor(request.userId, now);
    if (lockedForMs > 0) return { granted: false, reason: 'locked', retryAfterMs: lockedForMs };
    const sends = existing?.sends ?? 0;
    const lastSentAt = existing?.lastSentAt ?? 0;
    if (request.firstOnly && sends > 0) return { granted: false, reason: 'sent', retryAfterMs: 0 };
    if (sends >= request.maxSends) return { granted: false, reason: 'limit', retryAfterMs: 0 };
    // A receipt that the current code's message failed waives the cooldown, and nothing else.
    const failed = existing?.delivery !== undefined && deliveryStatus(existing.delivery).state === 'failed';
    if (sends > 0 && lastSentAt + request.cooldownMs > now && !failed) {
      return { granted: false, reason: 'cooldown', retryAfterMs: lastSentAt + request.cooldownMs - now };
    }
    if (request.userQuota) {
      const wait = this.#takeQuota(`u:${request.userId}`, request.userQuota, now);
      if (wait > 0) return { granted: false, reason: 'quota_user', retryAfterMs: wait };
    }
    const state = existing ?? this.#create(request.challengeId, now + request.ttlMs);
    state.previous = { lastSentAt, code: state.code, delivery: state.delivery };
    state.sends = sends + 1;
    state.lastSentAt = now;
    state.code = { hash: request.code.hash, expiresAt: request.code.expiresAt, attemptsLeft: request.code.maxAttempts };
    // The new code has no delivery until its message is tracked.
    state.delivery = undefined;
    return { granted: true, first: sends === 0 };
  }

  async releaseSend(request: ReleaseRequest): Promise<void> {
    if (request.refundUserQuota) this.#returnQuota(`u:${request.userId}`, request.now);
    const state = this.#live(request.challengeId, request.now);
    if (!state || state.ended) return;
    state.sends = Math.max(0, state.sends - 1);
    // A later send replaced this code already, or it was rolled back once: only the count goes back.
    if (state.code?.hash !== request.hash || !state.previous) return;
    // The previous code comes back with its message's delivery (the released send was never tracked).
    ({ lastSentAt: state.lastSentAt, code: state.code, delivery: state.delivery } = state.previous);
    state.previous = undefined;
  }

  async takeQuota(request: QuotaRequest): Promise<QuotaDecision> {
    this.#sweep(request.now);
    const wait = this.#takeQuota(request.subject, request, request.now);
    return wait > 0 ? { granted: false, retryAfterMs: wait } : { granted: true };
  }

  async returnQuota(request: QuotaRequest): Promise<void> {
    this.#returnQuota(request.subject, request.now);
  }

  async verify(request: VerifyRequest): Promise<VerifyDecision> {
    const { now, lockout } = request;
    const state = this.#live(request.challengeId, now);
    if (state?.ended) return { status: 'ended' };
    if (this.#locks.get(request.userId)?.held) return { status: 'held' };
    const lockedForMs = this.#lockedFor(request.userId, now);
    if (lockedForMs > 0) return { status: 'locked', retryAfterMs: lockedForMs };
    const code = state?.code;
    if (!state || !code) return { status: 'none' };
    if (code.expiresAt <= now) return { status: 'expired' };
    if (code.attemptsLeft <= 0) return { status: 'exhausted' };
    code.attemptsLeft -= 1;
    if (code.hash === request.hash) {
      this.#end(request.challengeId, now, request.endedTtlMs);
      this.#locks.delete(request.userId);
      return { status: 'verified' };
    }
    const lock = this.#locks.get(request.userId) ?? { failures: 0, windowEndsAt: 0, lockedUntil: 0, consecutive: 0, locks: 0, held: false };
    this.#locks.set(request.userId, lock);
    lock.consecutive += 1;
    if (lock.consecutive >= lockout.maxConsecutiveFailures) {
      Object.assign(lock, { held: true, failures: 0, windowEndsAt: 0, lockedUntil: 0 });
      return { status: 'wrong', attemptsLeft: code.attemptsLeft, lockedForMs: 0, held: true };
    }
    if (lock.windowEndsAt <= now) Object.assign(lock, { failures: 0, windowEndsAt: now + lockout.failureWindowMs });
    lock.failures += 1;
    if (lock.failures < lockout.maxFailures) return { status: 'wrong', attemptsLeft: code.attemptsLeft, lockedForMs: 0, held: false };
    const lockedFor = Math.min(lockout.durationMs * 2 ** lock.locks, lockout.maxDurationMs);
    Object.assign(lock, { failures: 0, windowEndsAt: 0, lockedUntil: now + lockedFor, locks: lock.locks + 1 });
    return { status: 'wrong', attemptsLeft: code.attemptsLeft, lockedForMs: lockedFor, held: false };
  }

  async inspect(request: ChallengeRef & { readonly now: number }): Promise<ChallengeStatus> {
    const { now } = request;
    const lockedForMs = this.#lockedFor(request.userId, now);
    const held = this.#locks.get(request.userId)?.held ?? false;
    // Read-only, as in Redis: a lapsed sign-in reads as none, and the sweep drops it later.
    const found = this.#signIns.get(request.challengeId);
    const state = found && found.expiresAt > now ? found : undefined;
    if (!state || state.ended) return { ended: state?.ended ?? false, sends: 0, lastSentAt: 0, codeUsable: false, attemptsLeft: 0, lockedForMs, held };
    const code = state.code;
    const codeUsable = code !== undefined && code.expiresAt > now && code.attemptsLeft > 0;
    const status = { ended: false, sends: state.sends, lastSentAt: state.lastSentAt, codeUsable, attemptsLeft: codeUsable ? code.attemptsLeft : 0, lockedForMs, held };
    return state.delivery ? { ...status, delivery: deliveryStatus(state.delivery) } : status;
  }

  async end(request: ChallengeRef & { readonly now: number; readonly ttlMs: number }): Promise<void> {
    this.#end(request.challengeId, request.now, request.ttlMs);
  }

  async unlock(request: { readonly userId: string; readonly now: number }): Promise<UnlockResult> {
    return { released: this.#release(request.userId, request.now) };
  }

  async takeRecoveryAttempt(request: RecoveryAttemptRequest): Promise<RecoveryAttemptDecision> {
    this.#sweep(request.now);
    if (this.#live(request.challengeId, request.now)?.ended) return { granted: false, reason: 'ended' };
    const wait = this.#takeQuota(`r:${request.userId}`, request.rule, request.now);
    return wait > 0 ? { granted: false, reason: 'limit', retryAfterMs: wait } : { granted: true };
  }

  async recoveryCodeUsed(request: RecoveryUseRequest): Promise<RecoveryUseResult> {
    const { now } = request;
    if (this.#live(request.challengeId, now)?.ended) return { status: 'ended' };
    this.#returnQuota(`r:${request.userId}`, now);
    this.#end(request.challengeId, now, request.endedTtlMs);
    return { status: 'verified', released: this.#release(request.userId, now) };
  }

  async rememberDevice(request: DeviceRequest & { readonly expiresAt: number }): Promise<void> {
    this.#sweep(request.now);
    const devices = this.#devices.get(request.userId) ?? new Map<string, DeviceState>();
    for (const [id, device] of devices) if (device.expiresAt <= request.now) devices.delete(id);
    devices.set(request.deviceId, { numberId: request.numberId, rememberedAt: request.now, expiresAt: request.expiresAt });
    this.#devices.set(request.userId, devices);
  }

  async checkDevice(request: DeviceRequest & { readonly maxAgeMs: number }): Promise<DeviceStatus> {
    const { now } = request;
    const devices = this.#devices.get(request.userId);
    const device = devices?.get(request.deviceId);
    // The device asked about is judged before the sweep, so a lapsed one reads `stale` (its cookie is cleared).
    const status: DeviceStatus = !device ? 'unknown' : device.numberId === request.numberId && device.expiresAt > now && now - device.rememberedAt < request.maxAgeMs ? 'trusted' : 'stale';
    if (status === 'stale') devices?.delete(request.deviceId);
    this.#sweep(now);
    return status;
  }

  async forgetDevices(request: { readonly userId: string }): Promise<void> {
    // Revoked rather than deleted: each reads `stale` once, so its cookie is cleared.
    for (const device of this.#devices.get(request.userId)?.values() ?? []) device.numberId = REVOKED;
  }

  async trackDelivery(request: TrackDeliveryRequest): Promise<void> {
    const { now } = request;
    this.#sweep(now);
    const state = this.#live(request.challengeId, now);
    // Only the latest code of a sign-in that goes on: a later send replaced it, or it ended, and nothing is kept.
    if (!state || state.ended || state.code?.hash !== request.hash || request.messageIds.length === 0) return;
    state.delivery = trackedDelivery(request);
    const message = { challengeId: request.challengeId, userId: request.userId, hash: request.hash, expiresAt: now + request.ttlMs };
    for (const id of request.messageIds) this.#messages.set(id, message);
  }

  async recordReceipt(request: RecordReceiptRequest): Promise<RecordReceiptResult> {
    const { now } = request;
    this.#sweep(now);
    const message = this.#messages.get(request.messageId);
    if (!message || message.expiresAt <= now) return { status: 'unknown' };
    const state = this.#live(message.challengeId, now);
    // A sign-in that ended or lapsed, or a message of a code that a later send replaced: nothing to change.
    const tracked = state && !state.ended && state.code?.hash === message.hash ? state.delivery : undefined;
    const part = tracked?.parts.get(request.messageId);
    if (!tracked || !part) return { status: 'ended' };
    const before = deliveryStatus(tracked).state;
    recordPart(part, request);
    const delivery = deliveryStatus(tracked);
    return { status: 'recorded', ref: { challengeId: message.challengeId, userId: message.userId }, delivery, changed: delivery.state !== before };
  }

  async takeGroupSend(request: GroupSendRequest): Promise<GroupSendDecision> {
    this.#sweep(request.now);
    return takeGroupSend(this.#group(request.group), request);
  }

  async returnGroupSend(request: GroupRef): Promise<void> {
    const state = this.#groups.get(request.group);
    if (state) returnGroupSend(state, request);
  }

  async groupVerified(request: GroupRef): Promise<void> {
    groupVerified(this.#group(request.group), request);
  }

  #group(group: string): GroupState {
    let state = this.#groups.get(group);
    if (!state) {
      state = newGroupState();
      this.#groups.set(group, state);
    }
    return state;
  }

  #create(challengeId: string, expiresAt: number): SignInState {
    const state: SignInState = { expiresAt, ended: false, sends: 0, lastSentAt: 0, code: undefined, delivery: undefined, previous: undefined };
    this.#signIns.set(challengeId, state);
    return state;
  }

  #end(challengeId: string, now: number, ttlMs: number): void {
    this.#create(challengeId, now + ttlMs).ended = true;
  }

  /** The sign-in, unless it lapsed by the app's clock. */
  #live(challengeId: string, now: number): SignInState | undefined {
    const state = this.#signIns.get(challengeId);
    if (state && state.expiresAt <= now) {
      this.#signIns.delete(challengeId);
      return undefined;
    }
    return state;
  }

  /** Forgets the user's failures, lock and hold, saying which of the last two it released. */
  #release(userId: string, now: number): UnlockResult['released'] {
    const lock = this.#locks.get(userId);
    this.#locks.delete(userId);
    if (lock?.held) return 'hold';
    return lock && lock.lockedUntil > now ? 'lock' : 'nothing';
  }

  #lockedFor(userId: string, now: number): number {
    const lockedUntil = this.#locks.get(userId)?.lockedUntil ?? 0;
    return lockedUntil > now ? lockedUntil - now : 0;
  }

  /** Takes one point: 0 when granted, else the milliseconds to wait. */
  #takeQuota(key: string, rule: QuotaRule, now: number): number {
    let quota = this.#quotas.get(key);
    if (!quota || quota.windowEndsAt <= now) {
      quota = { count: 0, windowEndsAt: now + rule.windowMs };
      this.#quotas.set(key, quota);
    }
    if (quota.count >= rule.max) return quota.windowEndsAt - now;
    quota.count += 1;
    return 0;
  }

  #returnQuota(key: string, now: number): void {
    const quota = this.#quotas.get(key);
    if (quota && quota.windowEndsAt > now && quota.count > 0) quota.count -= 1;
  }

  /** Drops lapsed entries now and then, so abandoned ones do not pile up. */
  #sweep(now: number): void {
    if (now < this.#nextSweepAt) return;
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [id, state] of this.#signIns) if (state.expiresAt <= now) this.#signIns.delete(id);
    for (const [id, quota] of this.#quotas) if (quota.windowEndsAt <= now) this.#quotas.delete(id);
    for (const [id, message] of this.#messages) if (message.expiresAt <= now) this.#messages.delete(id);
    for (const [id, group] of this.#groups) if (group.expiresAt <= now) this.#groups.delete(id);
    // Locks are not swept: a user's consecutive failures stay until a right code or `unlock`, whatever the time.
    for (const [id, devices] of this.#devices) {
      for (const [deviceId, device] of devices) if (device.expiresAt <= now) devices.delete(deviceId);
      if (devices.size === 0) this.#devices.delete(id);
    }
  }
}
