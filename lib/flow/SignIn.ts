import { emitEvent, wantsEvents, type SmsOtpEvent, type SmsOtpEventType } from '../events/SmsOtpEvent';
import type { RequestLike, SessionLike } from '../http/types';
import type { LocaleText } from '../i18n/resolveLocales';
import { nodeCallback } from '../http/nodeCallback';
import { PendingSignIn, type Purpose } from '../session/PendingSignIn';
import type { Settings } from '../config/resolveSettings';
import type { ChallengeRef } from '../store/OtpStore';
import { userKeyOf } from '../session/userKey';
import { mobileOnFile } from '../phone/mobileOnFile';

/** What an event's `purpose` says: a sign-in with a number on file, an enrollment, a change of number, or a step-up. */
export type EventPurpose = 'sign_in' | 'enroll' | 'change_mobile' | 'step_up';

/** One request's view of a pending verification: the user, their number, and the audit trail. */
export class SignIn {
  #ref: ChallengeRef | undefined;
  #user: Promise<unknown> | undefined;
  #locale: LocaleText | undefined;

  private constructor(
    readonly req: RequestLike & { session: SessionLike },
    readonly settings: Settings,
    readonly pending: PendingSignIn,
    readonly now: number,
  ) {}

  /**
   * The session's pending verification for `purpose`, or `undefined` when there is none or it
   * lapsed (then it is cleared and the user told why on the next page).
   */
  static open(req: RequestLike & { session: SessionLike }, settings: Settings, purposes: readonly Purpose[]): SignIn | undefined {
    const pending = PendingSignIn.read(req.session, settings.name);
    if (!pending || !purposes.includes(pending.purpose)) return undefined;
    const now = settings.clock();
    if (now - pending.since > settings.pendingTimeoutMs) {
      pending.end();
      req.session.messages = [...(req.session.messages ?? []), settings.locales.pick(req, req.user).messages.text('signInExpired')];
      return undefined;
    }
    return new SignIn(req, settings, pending, now);
  }

  /**
   * The pending verification of a signed-in user (`serializedUser`) for `purpose`. One started by
   * whoever was signed in before in this browser is not this user's: it is dropped.
   */
  static openFor(req: RequestLike & { session: SessionLike }, settings: Settings, purpose: Purpose, serializedUser: unknown): SignIn | undefined {
    const signIn = SignIn.open(req, settings, [purpose]);
    if (signIn && userKeyOf(signIn.pending.user) !== userKeyOf(serializedUser)) {
      signIn.endInSession();
      return undefined;
    }
    return signIn;
  }

  /** Wraps a verification just started in this request. */
  static of(req: RequestLike & { session: SessionLike }, settings: Settings, pending: PendingSignIn): SignIn {
    return new SignIn(req, settings, pending, settings.clock());
  }

  /** The masked number, once known, for events and the prompt; `''` before. */
  get maskedMobile(): string {
    return this.pending.maskedMobile;
  }

  /** The user as a string (their serialized form). */
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

  /** Whether this flow verifies a number nobody has verified yet (enrollment or change). */
  get verifiesNewNumber(): boolean {
    return this.pending.purpose === 'change_mobile' || this.pending.newMobile !== undefined;
  }

  /** What the number form of this flow is for: a change of number, or an enrollment. */
  get numberFormPurpose(): 'enroll' | 'change_mobile' {
    return this.pending.purpose === 'change_mobile' ? 'change_mobile' : 'enroll';
  }

  /** What events say this flow is for. */
  get purpose(): EventPurpose {
    if (this.pending.purpose !== 'sign_in') return this.pending.purpose;
    return this.pending.newMobile === undefined ? 'sign_in' : 'enroll';
  }

  /** The user, through the app's `deserializeUser` (once per request); `undefined` when the user no longer exists. */
  user(): Promise<unknown> {
    this.#user ??= nodeCallback<unknown>((done) => this.settings.serializer.deserializeUser(this.pending.user, this.req, done)).then((user) =>
      user === null || user === false ? undefined : user,
    );
    return this.#user;
  }

  /**
   * The language of this request's pages and texts. Chosen on each request, not kept in the
   * session, so a user who switches language mid-flow gets the new one.
   */
  get locale(): LocaleText {
    this.#locale ??= this.settings.locales.pick(this.req, this.req.user);
    return this.#locale;
  }

  /** Asks a `locale` function with the user being verified, before anything is shown or sent; nothing to ask otherwise. */
  async chooseLocale(): Promise<void> {
    if (this.settings.locales.asksUser) this.#locale = this.settings.locales.pick(this.req, await this.user());
  }

  /** The user's mobile number on file through `getMobile`, or `undefined` when they have none. */
  mobileOnFile(user: unknown): Promise<string | undefined> {
    return mobileOnFile(this.settings, user, this.req);
  }

  /** Ends the sign-in, in the session and in the store (where a marker keeps older session copies from resuming it). */
  async end(): Promise<void> {
    this.endInSession();
    await this.settings.store.end({ ...this.ref, now: this.now, ttlMs: this.settings.pendingTimeoutMs });
  }

  /** Ends the sign-in in the session only, when the store has ended it already (verified, or ended by another request). */
  endInSession(): void {
    this.pending.end();
  }

  /** Tells the app's `onEvent` hook what happened. */
  event(type: SmsOtpEventType, details: Pick<SmsOtpEvent, 'reason' | 'attemptsLeft' | 'provider' | 'durationMs' | 'code' | 'retryable' | 'error'> = {}): void {
    if (!wantsEvents(this.settings)) return;
    emitEvent(this.settings, {
      type,
      purpose: this.purpose,
      userKey: this.userKey,
      mobile: this.maskedMobile,
      ip: this.req.ip,
      at: new Date(this.now),
      locale: this.locale.tag,
      ...details,
    });
  }
}
