/**
 * Where sign-ins, codes and the limits that span sign-ins live, shared by every app instance.
 *
 * Each method is ONE atomic step: a request decides everything it needs (the lock, the attempt,
 * the comparison, the failure count) inside that step, so limits hold by construction under any
 * parallelism. A store that cannot reach its backend rejects with an `OtpStoreUnavailableError`,
 * and the sign-in fails closed.
 *
 * Stores see no personal data: users, numbers and addresses arrive as pseudonyms (HMACs under
 * the strategy's `secret`), and codes as HMACs. All times are the strategy's `clock`.
 *
 * These are the methods every verification needs. A feature that needs more of the store says so
 * in an interface of its own (`RememberDeviceStore`): its methods are required only when the
 * strategy is configured with that feature, and the strategy checks them at construction.
 * `describeOtpStore` (`passport-sms-otp/store/testing`) checks a store against this contract.
 */
export interface OtpStore extends Partial<RememberDeviceStore>, Partial<RecoveryCodeStore>, Partial<DeliveryStore>, Partial<TollFraudStore> {
  /**
   * A send (first code or resend): the sign-in must not have ended, the user must not be locked
   * out or held, the sign-in's first-send, cooldown and send limit must allow it (a receipt that the
   * current code's message failed waives the cooldown), and the user's quota must have room. When all do, the send is counted and `code` replaces the current code (the
   * previous one is kept aside for `releaseSend`). A refused send is counted nowhere.
   */
  reserveSend(request: SendRequest): Promise<SendDecision>;
  /**
   * Undoes a granted send whose message could not go out, or that a later quota refused: the
   * sign-in's send count, cooldown and previous code come back, and the user's quota point too
   * when `refundUserQuota` is set.
   */
  releaseSend(request: ReleaseRequest): Promise<void>;
  /** Takes one send from a quota kept apart from the user (per number, per address). */
  takeQuota(request: QuotaRequest): Promise<QuotaDecision>;
  /** Gives back a point `takeQuota` took, within the same window. */
  returnQuota(request: QuotaRequest): Promise<void>;
  /**
   * One attempt at the code: the hold, the lock, the attempt, the comparison of HMACs, the end of
   * the sign-in on a match (which clears the user's failures, lock and hold), and on a miss the
   * failure counts, the lock and the hold, decided together.
   */
  verify(request: VerifyRequest): Promise<VerifyDecision>;
  /** What the prompt shows: whether the sign-in ended, its sends and code, and the user's lock. Changes nothing. */
  inspect(request: ChallengeRef & { readonly now: number }): Promise<ChallengeStatus>;
  /**
   * Ends the sign-in (given up, or its user is gone), leaving a marker for `ttlMs` so that an
   * older copy of the session cannot bring it back.
   */
  end(request: ChallengeRef & { readonly now: number; readonly ttlMs: number }): Promise<void>;
  /**
   * Releases the user (`strategy.unlock(user)`): their hold, their lock, both failure counts and
   * the doubling of locks start over, as after a right code. Says what it released.
   */
  unlock(request: { readonly userId: string; readonly now: number }): Promise<UnlockResult>;
}

/** What `unlock` (or a right recovery code) released: a hold, a lock running now, or neither. */
export interface UnlockResult {
  readonly released: 'hold' | 'lock' | 'nothing';
}

/**
 * The store's part of the `recoveryCodes` option: required of a store only when the strategy has
 * `recoveryCodes` set. The codes themselves live in the app's database; the store keeps only the
 * count of wrong ones, apart from the wrong SMS codes.
 */
export interface RecoveryCodeStore {
  /**
   * Takes one try at a recovery code, before the app is asked whether it is right: refused when the
   * sign-in ended, or when the user's tries within the rule's window are used up. A held or locked
   * user may try. A try that turns out right is given back by `recoveryCodeUsed`.
   */
  takeRecoveryAttempt(request: RecoveryAttemptRequest): Promise<RecoveryAttemptDecision>;
  /**
   * A recovery code was right (the app consumed it): ends the sign-in as a right SMS code does,
   * gives the try back, and releases the user (hold, lock, failure counts) as `unlock` does.
   */
  recoveryCodeUsed(request: RecoveryUseRequest): Promise<RecoveryUseResult>;
}

/**
 * The store's part of delivery receipts: required of a store only when a provider is set up to send
 * receipts (Twilio's `statusCallbackUrl`, Vonage's `signatureSecret`, a custom gateway's
 * `receipts`). It keeps, for a sign-in's latest code, the ids of its message's parts (pseudonyms)
 * and what became of each.
 */
export interface DeliveryStore {
  /**
   * Records the message ids of a code just sent, while that code is still the sign-in's latest (a
   * later send replaced it: nothing is recorded). Each id then names this sign-in for `ttlMs`, and
   * the code's delivery reads `accepted` until a receipt says more.
   */
  trackDelivery(request: TrackDeliveryRequest): Promise<void>;
  /**
   * Records one receipt: `unknown` when no tracked message has this id; `ended` when its sign-in
   * ended or lapsed, or its code is no longer the latest (nothing changes); otherwise the part's state
   * is kept and the code's delivery is the worst of its parts (`failed` over `accepted` over
   * `delivered`: a late `delivered` never hides a failed part). Nothing here ends a sign-in or signs
   * anyone in.
   */
  recordReceipt(request: RecordReceiptRequest): Promise<RecordReceiptResult>;
}

/**
 * The store's part of the toll-fraud defence (the `tollFraud` option, on by default): counters of
 * sends and verified codes per group of numbers (a prefix, a country), over a sliding hour kept in
 * buckets of `bucketMs`, and a group's pause. Required of a store unless the strategy has
 * `tollFraud: false`. Each method is one atomic step on one group (each group may live in a
 * cluster slot of its own); groups arrive as pseudonyms.
 */
export interface TollFraudStore {
  /**
   * One send to a group, decided and counted in one step, in this order: refused `conversion` while
   * the group is paused; refused `velocity` when `maxSends` sends were counted within the window;
   * with `conversion` set, when at least `minSends` sends were counted within the window and fewer
   * than `minRate` of them were verified, the group's pause starts now (for `pauseMs`) and the send
   * is refused `conversion`; otherwise the send is counted in the bucket of `now`. A refused send
   * is counted nowhere.
   */
  takeGroupSend(request: GroupSendRequest): Promise<GroupSendDecision>;
  /** Gives back a send `takeGroupSend` counted in the same request (`now` names its bucket): it was refused elsewhere, or certainly not sent. */
  returnGroupSend(request: GroupRef): Promise<void>;
  /**
   * A code sent to the group was verified: counted in the bucket of `now`. Sent after the verify's
   * decision and not awaited: when it is lost, the group only looks worse.
   */
  groupVerified(request: GroupRef): Promise<void>;
}

/** One group of numbers and the window its counters slide over. */
export interface GroupRef {
  /** The group's pseudonym with its kind: `p:…` a prefix (the E.164 number without its last 4 digits), `c:…` a country. */
  readonly group: string;
  readonly now: number;
  /** How far back the counters reach (an hour). Sends and verified codes older than that no longer count. */
  readonly windowMs: number;
  /**
   * The buckets the window is kept in (a minute): a count belongs to the bucket
   * `floor(time / bucketMs)`, and the window holds the bucket of `now` and the ones before it that
   * end less than `windowMs` before `now`'s bucket ends (`windowMs / bucketMs` buckets in all): a
   * count leaves the window `windowMs` after its bucket began.
   */
  readonly bucketMs: number;
}

/** The conversion rule of a group: a group whose codes are rarely verified pauses. */
export interface ConversionRule {
  /** Sends within the window before the rate counts. */
  readonly minSends: number;
  /** The least share of those sends that must have been verified (0 to 1). */
  readonly minRate: number;
  /** How long a pause lasts, from the refused send that started it. */
  readonly pauseMs: number;
}

/** One send to a group. */
export interface GroupSendRequest extends GroupRef {
  /** The most sends counted within the window. */
  readonly maxSends: number;
  /** The conversion rule, or `undefined` when off. */
  readonly conversion: ConversionRule | undefined;
}

/**
 * Whether a group takes a send. `retryAfterMs`: for `velocity`, until a bucket leaves the window
 * and makes room; for `conversion`, until the pause ends. `started`: this refusal begins an episode
 * (the pause started now; or, for `velocity`, no send of the group was refused for velocity
 * within the last `windowMs`), so the strategy reports it once.
 */
export type GroupSendDecision =
  | { readonly granted: true }
  | { readonly granted: false; readonly reason: 'velocity' | 'conversion'; readonly retryAfterMs: number; readonly started: boolean };

/** The ids of the message that carried a sign-in's latest code. */
export interface TrackDeliveryRequest extends ChallengeRef {
  readonly now: number;
  /** The HMAC of the code the message carried: recorded only while it is the latest. */
  readonly hash: string;
  /** The provider that took the message (the one whose receipts will name it). */
  readonly provider: string;
  /** A text or a call. */
  readonly channel: 'sms' | 'voice';
  /** What the verification is for (`sign_in`, `enroll`, `change_mobile`, `step_up`): the `purpose` of the receipt's events. */
  readonly purpose: string;
  /** The pseudonyms of the message's part ids, one per part. */
  readonly messageIds: readonly string[];
  /** How long an id names its sign-in (the sign-in's own time to live). */
  readonly ttlMs: number;
}

/** One receipt to record. */
export interface RecordReceiptRequest {
  readonly now: number;
  /** The pseudonym of the message id the receipt names. */
  readonly messageId: string;
  readonly state: 'accepted' | 'delivered' | 'failed';
  /** The provider's error code of a failed part, or `''`. */
  readonly code: string;
  /** `recipient` when the number cannot receive texts at all, else `''`. */
  readonly fault: 'recipient' | '';
}

/** What the latest code's message became, over all its parts. */
export interface DeliveryStatus {
  readonly state: 'accepted' | 'delivered' | 'failed';
  /** The error code of the (first) failed part, or `''`. */
  readonly code: string;
  /** `recipient` when a failed part's number cannot receive texts at all, else `''`. */
  readonly fault: 'recipient' | '';
  /** The provider that took it. */
  readonly provider: string;
  readonly channel: 'sms' | 'voice';
  /** What the verification is for, as `trackDelivery` was told. */
  readonly purpose: string;
  /** When it was sent. */
  readonly sentAt: number;
}

/** What `recordReceipt` did. `changed`: the code's delivery (over all parts) is not what it was before this receipt. */
export type RecordReceiptResult =
  | { readonly status: 'unknown' }
  | { readonly status: 'ended' }
  | { readonly status: 'recorded'; readonly ref: ChallengeRef; readonly delivery: DeliveryStatus; readonly changed: boolean };

/** One try at a recovery code. */
export interface RecoveryAttemptRequest extends ChallengeRef {
  readonly now: number;
  /** The user's tries at recovery codes: at most `max` within `windowMs`, counted from the window's first. */
  readonly rule: QuotaRule;
}

/** Whether a recovery code may be tried now. */
export type RecoveryAttemptDecision =
  | { readonly granted: true }
  | { readonly granted: false; readonly reason: 'ended' }
  | { readonly granted: false; readonly reason: 'limit'; readonly retryAfterMs: number };

/** A right recovery code, to finish with. */
export interface RecoveryUseRequest extends ChallengeRef {
  readonly now: number;
  /** The rule the try was taken under (its point comes back). */
  readonly rule: QuotaRule;
  /** How long the marker of the sign-in that ends here is kept. */
  readonly endedTtlMs: number;
}

/** What a right recovery code did: `ended` when another request ended the sign-in first (nothing changed). */
export type RecoveryUseResult = ({ readonly status: 'verified' } & UnlockResult) | { readonly status: 'ended' };

/**
 * The store's part of the `rememberDevice` option: required of a store only when the strategy has
 * `rememberDevice` set. A store that has these methods also gets `forgetDevices` calls without the
 * option (a number change, `strategy.forgetDevices(user)`), so that devices remembered while it was
 * set are forgotten all the same.
 */
export interface RememberDeviceStore {
  /** Remembers a device for a user, from `now` until `expiresAt`, bound to the user's number. */
  rememberDevice(request: DeviceRequest & { readonly expiresAt: number }): Promise<void>;
  /**
   * Whether a remembered device is trusted now for this user and number: `unknown` when the user
   * never remembered it (it may be another user's); `stale` when it expired, was remembered
   * `maxAgeMs` or more ago (the strategy's `rememberDevice.days` as it is set now), or was bound to
   * another number (it is then forgotten).
   */
  checkDevice(request: DeviceRequest & { readonly maxAgeMs: number }): Promise<DeviceStatus>;
  /** Revokes every remembered device of a user: each then reads `stale` (once), so its cookie is cleared. */
  forgetDevices(request: { readonly userId: string }): Promise<void>;
}

/** One remembered device of one user. */
export interface DeviceRequest {
  /** The user's pseudonym. */
  readonly userId: string;
  /** The HMAC of the device's token (the token itself stays in the browser's cookie). */
  readonly deviceId: string;
  /** The pseudonym of the number the device was remembered with (`''` when the user has none now). */
  readonly numberId: string;
  readonly now: number;
}

/** What `checkDevice` found. */
export type DeviceStatus = 'trusted' | 'unknown' | 'stale';

/** Names one sign-in and its user. */
export interface ChallengeRef {
  /** The sign-in's random id. */
  readonly challengeId: string;
  /** The user's pseudonym; stores keep the user's lock and quota under it. */
  readonly userId: string;
}

/** At most `max` sends within a window of `windowMs`, counted from the window's first send. */
export interface QuotaRule {
  readonly max: number;
  readonly windowMs: number;
}

/** The account lockout's rule. */
export interface LockoutRule {
  /** Wrong codes within the failure window that lock the user. */
  readonly maxFailures: number;
  /**
   * How long the first lock lasts; each next one (until a right code or `unlock`) twice the one
   * before, up to `maxDurationMs`. Nothing shortens a lock.
   */
  readonly durationMs: number;
  /** The longest a lock lasts (24 hours). */
  readonly maxDurationMs: number;
  /** How long wrong codes count toward the next lock, from the first of them, when no lock follows. */
  readonly failureWindowMs: number;
  /**
   * Wrong codes since the user's last right code (SMS or recovery) that hold the user: no send and
   * no comparison until a recovery code or `unlock`. This count never starts over on its own.
   */
  readonly maxConsecutiveFailures: number;
}

/** Everything one send must respect, and the code it sends. */
export interface SendRequest extends ChallengeRef {
  readonly now: number;
  /** Only the sign-in's first send may go (the prompt's automatic send). */
  readonly firstOnly: boolean;
  /** Time between two sends of the sign-in. */
  readonly cooldownMs: number;
  /** The most sends of one sign-in: the first plus the resends. */
  readonly maxSends: number;
  /** How long the sign-in's state is kept once created. */
  readonly ttlMs: number;
  /** The code being sent, as its HMAC. */
  readonly code: { readonly hash: string; readonly expiresAt: number; readonly maxAttempts: number };
  /** The user's send quota, or `undefined` when off. */
  readonly userQuota: QuotaRule | undefined;
}

/** A send to undo. */
export interface ReleaseRequest extends ChallengeRef {
  readonly now: number;
  /** The HMAC of the code that was not sent: only that code is rolled back. */
  readonly hash: string;
  /** Whether the user's quota point comes back (only when no message can have gone out). */
  readonly refundUserQuota: boolean;
}

/** Why a send was refused by `reserveSend`. */
export type SendRefusalReason = 'ended' | 'held' | 'locked' | 'sent' | 'cooldown' | 'limit' | 'quota_user';

/** Whether a send may go now. */
export type SendDecision =
  | { readonly granted: true; /** Whether this is the sign-in's first send. */ readonly first: boolean }
  | {
      readonly granted: false;
      /** `sent`: a code is out already (firstOnly); `cooldown`: too soon; `limit`: no sends left. */
      readonly reason: SendRefusalReason;
      /** How long until a send could be granted, in milliseconds (0 when never, or unknown). */
      readonly retryAfterMs: number;
    };

/** One send against a quota kept under its own key. */
export interface QuotaRequest extends QuotaRule {
  /** What the quota counts, as a pseudonym with a kind: `n:…` a number, `i:…` an address. */
  readonly subject: string;
  readonly now: number;
}

/** Whether a quota had room. */
export type QuotaDecision = { readonly granted: true } | { readonly granted: false; readonly retryAfterMs: number };

/** One attempt at the code. */
export interface VerifyRequest extends ChallengeRef {
  readonly now: number;
  /** The HMAC of the submitted code. */
  readonly hash: string;
  readonly lockout: LockoutRule;
  /** How long the marker of a sign-in that ends here is kept. */
  readonly endedTtlMs: number;
}

/** The outcome of one attempt. */
export type VerifyDecision =
  /** The right code: the sign-in ended here, and the user's failure count starts again. */
  | { readonly status: 'verified' }
  /**
   * A wrong code. `attemptsLeft` on this code; `lockedForMs` > 0 when this guess locked the user;
   * `held` when it was the last consecutive failure allowed (the user is held from now on).
   */
  | { readonly status: 'wrong'; readonly attemptsLeft: number; readonly lockedForMs: number; readonly held: boolean }
  /** The user is locked out: nothing was compared. */
  | { readonly status: 'locked'; readonly retryAfterMs: number }
  /** The user is held (too many consecutive failures): nothing was compared. */
  | { readonly status: 'held' }
  /** Nothing was compared: no code is out, it expired, it has no attempts left, or the sign-in ended. */
  | { readonly status: 'none' | 'expired' | 'exhausted' | 'ended' };

/** A read-only view of one sign-in, for the prompt. */
export interface ChallengeStatus {
  /** The sign-in ended (verified, given up): it must not go on. */
  readonly ended: boolean;
  /** How many codes the sign-in has sent (including one being sent right now). */
  readonly sends: number;
  /** When the last send went, in milliseconds since the epoch, or 0. */
  readonly lastSentAt: number;
  /** Whether a code is out and can still be tried. */
  readonly codeUsable: boolean;
  /** Attempts left on the current code (0 when there is none). */
  readonly attemptsLeft: number;
  /** How long the user stays locked out, in milliseconds; 0 when not locked. */
  readonly lockedForMs: number;
  /** Whether the user is held until a recovery code or `unlock`. */
  readonly held: boolean;
  /**
   * What became of the message that carried the current code, when its delivery is tracked
   * (`trackDelivery`); `undefined` otherwise (a store without receipts answers `undefined`).
   */
  readonly delivery?: DeliveryStatus;
}
