import { emitEvent, type SmsOtpEvent, type SmsOtpEventType } from '../events';
import type { RequestLike, SessionLike } from '../http';
import { maskMobile } from '../maskMobile';
import { nodeCallback } from '../nodeCallback';
import { clearPendingSignIn, readPendingSignIn, type PendingSignIn } from '../session/pendingSignIn';
import type { Settings } from '../settings';
import type { ChallengeRef } from '../store/OtpStore';

/** One request's view of a pending sign-in: the user, their number, and the audit trail. */
export class SignIn {
  #ref: ChallengeRef | undefined;

  private constructor(
    readonly req: RequestLike & { session: SessionLike },
    readonly settings: Settings,
    readonly pending: PendingSignIn,
    readonly now: number,
  ) {}

  /**
   * The pending sign-in of this request's session, or `undefined` when there is none
   * or it lapsed (then it is cleared and the user told why on the sign-in page).
   */
  static open(req: RequestLike & { session: SessionLike }, settings: Settings): SignIn | undefined {
    const pending = readPendingSignIn(req.session);
    if (!pending) return undefined;
    const now = settings.clock();
    if (now - pending.since > settings.pendingTimeoutMs) {
      clearPendingSignIn(req.session);
      req.session.messages = [...(req.session.messages ?? []), settings.messages.text('signInExpired')];
      return undefined;
    }
    return new SignIn(req, settings, pending, now);
  }

  /** The masked number, once known, for events and the prompt; `''` before. */
  get maskedMobile(): string {
    return this.pending.mobile ?? '';
  }

  /** The user as a string (their serialized form), the key of their quotas and lockout. */
  get userKey(): string {
    return userKeyOf(this.pending.user);
  }

  /** The store's key for this sign-in. */
  get id(): string {
    return this.pending.id;
  }

  /** How the store names this sign-in and its user (a pseudonym, never the user key itself). */
  get ref(): ChallengeRef {
    this.#ref ??= { challengeId: this.pending.id, userId: this.settings.pseudonyms.user(this.userKey) };
    return this.#ref;
  }

  /** The user, through the app's `deserializeUser`; `undefined` when the user no longer exists. */
  async user(): Promise<unknown> {
    const user = await nodeCallback<unknown>((done) => this.settings.serializer.deserializeUser(this.pending.user, this.req, done));
    return user === null || user === false ? undefined : user;
  }

  /** The user's mobile number through `getMobile`, or `undefined` when they have none. */
  async mobile(user: unknown): Promise<string | undefined> {
    const mobile = await this.settings.getMobile(user, this.req);
    if (typeof mobile !== 'string' || mobile.trim() === '') return undefined;
    this.pending.mobile = maskMobile(mobile);
    return mobile.trim();
  }

  /** Ends the sign-in, in the session and in the store (where a marker keeps older session copies from resuming it). */
  async end(): Promise<void> {
    this.endInSession();
    await this.settings.store.end({ ...this.ref, now: this.now, ttlMs: this.settings.pendingTimeoutMs });
  }

  /** Ends the sign-in in the session only, when the store has ended it already (verified, or ended by another request). */
  endInSession(): void {
    clearPendingSignIn(this.req.session);
  }

  /** Tells the app's `onEvent` hook what happened. */
  event(type: SmsOtpEventType, details: Pick<SmsOtpEvent, 'reason' | 'attemptsLeft' | 'provider'> = {}): void {
    emitEvent(this.settings.onEvent, {
      type,
      userKey: this.userKey,
      mobile: this.maskedMobile,
      ip: this.req.ip,
      at: new Date(this.now),
      ...details,
    });
  }
}

function userKeyOf(serializedUser: unknown): string {
  return typeof serializedUser === 'string' ? serializedUser : JSON.stringify(serializedUser) ?? '';
}
