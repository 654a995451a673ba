/**
 * The state of one sign-in's code, kept where every app instance can reach it.
 *
 * Every method is atomic: two requests racing on the same sign-in (through one instance
 * or several) see each other's effects, so limits hold under concurrency. A store that
 * cannot reach its backend rejects with an `OtpStoreUnavailableError`, and the sign-in
 * fails closed.
 */
export interface OtpStore extends LimiterFactory {
  /** Claims the right to send a code now, or says why not. */
  reserveSend(challengeId: string, rules: SendRules): Promise<SendDecision>;
  /** Gives back a reservation whose send failed, so it counts toward neither the cooldown nor the limit. */
  releaseSend(challengeId: string, reservation: SendReservation): Promise<void>;
  /** Keeps the HMAC of a newly sent code, replacing any earlier code and restarting its attempts. */
  saveCode(challengeId: string, code: StoredCode): Promise<void>;
  /** Counts one attempt against the current code and hands back its HMAC to compare. */
  takeAttempt(challengeId: string, now: number): Promise<AttemptDecision>;
  /**
   * Ends the sign-in (its code, attempts and sends) if its code is still the one with this HMAC:
   * a right code finishes the sign-in, so nothing is left to keep. True for exactly one caller.
   */
  consumeCode(challengeId: string, hash: string): Promise<boolean>;
  /** What the prompt shows: whether a code is out, attempts left, when the next send may go. */
  inspect(challengeId: string, now: number): Promise<ChallengeStatus>;
  /** Forgets everything about the sign-in. */
  forget(challengeId: string): Promise<void>;
}

/** The limits a send must respect. */
export interface SendRules {
  /** Only the first send of the sign-in may go (the prompt's automatic send). */
  readonly firstOnly: boolean;
  /** Time that must pass between two sends, in milliseconds. */
  readonly cooldownMs: number;
  /** The most sends one sign-in may make: the first one plus the resends. */
  readonly maxSends: number;
  /** How long the sign-in's state is kept, in milliseconds. */
  readonly ttlMs: number;
  /** The current time, in milliseconds since the epoch. */
  readonly now: number;
}

/** A granted send, to hand back to `releaseSend` if the send fails. */
export interface SendReservation {
  /** Whether this is the sign-in's first send. */
  readonly first: boolean;
  /** When the send before this one went, or 0: restored if this send fails. */
  readonly previousSentAt: number;
}

/** Whether a send may go now. */
export type SendDecision =
  | ({ readonly granted: true } & SendReservation)
  | {
      readonly granted: false;
      /** `sent`: a code is already out (firstOnly); `cooldown`: too soon; `limit`: no sends left. */
      readonly reason: 'sent' | 'cooldown' | 'limit';
      /** How long until a send could be granted, in milliseconds (0 when never, for `limit`). */
      readonly retryAfterMs: number;
    };

/** A code as the store keeps it: only its HMAC. */
export interface StoredCode {
  /** HMAC-SHA256 of the code, base64url. */
  readonly hash: string;
  /** When the code stops working, in milliseconds since the epoch. */
  readonly expiresAt: number;
  /** How many attempts the code allows. */
  readonly maxAttempts: number;
  /** How long the sign-in's state is kept, in milliseconds. */
  readonly ttlMs: number;
  /** The current time, in milliseconds since the epoch. */
  readonly now: number;
}

/** The outcome of taking one attempt. */
export type AttemptDecision =
  | {
      readonly status: 'ready';
      /** The HMAC to compare the submitted code with. */
      readonly hash: string;
      /** Attempts left after this one, should it be wrong. */
      readonly attemptsLeft: number;
    }
  | { readonly status: 'none' | 'expired' | 'exhausted' };

/** A read-only view of one sign-in's code, for the prompt. */
export interface ChallengeStatus {
  /** How many codes the sign-in has sent (including one being sent right now). */
  readonly sends: number;
  /** Whether a code is out and can still be tried. */
  readonly codeUsable: boolean;
  /** Attempts left on the current code (0 when there is none). */
  readonly attemptsLeft: number;
  /** When the last send went, in milliseconds since the epoch, or 0. */
  readonly lastSentAt: number;
}

/** Where a store keeps counters that span sign-ins: send quotas and account lockout. */
export interface LimiterFactory {
  /**
   * A counter over fixed windows, kept in the same backend as the store (so shared by the same
   * instances). Called once per limit, when the strategy is constructed.
   */
  createLimiter(options: LimiterOptions): OtpLimiter;
}

/** What one counter counts. */
export interface LimiterOptions {
  /** Distinguishes this counter's keys from the others', such as `quota:number`. */
  readonly keyPrefix: string;
  /** How many points a key may take within one window. */
  readonly points: number;
  /** The window's length, in seconds, from the key's first point. */
  readonly durationSeconds: number;
}

/** Where a key stands: points taken in the current window, and when the window ends. */
export interface LimitState {
  /** Points taken in the current window (more than the allowed points once refused or blocked). */
  readonly consumed: number;
  /** Milliseconds until the window (or the block) ends; 0 for a key with no points. */
  readonly retryAfterMs: number;
}

/** An atomic counter: every method is safe under concurrency, and rejects with `OtpStoreUnavailableError` when the backend is unreachable. */
export interface OtpLimiter {
  /** Takes points from `key`; `allowed` is false once the window's points are used up. */
  consume(key: string, points?: number): Promise<LimitState & { readonly allowed: boolean }>;
  /** Gives back points taken by `consume`. */
  reward(key: string, points?: number): Promise<void>;
  /** Where `key` stands, without taking a point. */
  get(key: string): Promise<LimitState>;
  /** Uses up `key`'s points for `durationSeconds`, whatever it had taken. */
  block(key: string, durationSeconds: number): Promise<void>;
  /** Forgets `key`. */
  delete(key: string): Promise<void>;
}
