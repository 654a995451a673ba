import { emitEvent, wantsEvent } from '../events/emitEvent';
import type { SmsOtpEvent, SmsOtpEventType } from '../events/SmsOtpEvent';
import type { RequestLike, SessionLike } from '../http/types';
import type { LocaleText } from '../i18n/resolveLocales';
import { nodeCallback } from '../http/nodeCallback';
import { PendingVerification } from '../session/PendingVerification';
import { flash } from '../session/flash';
import type { Settings } from '../config/resolveSettings';
import type { ChallengeRef } from '../store/OtpStore';
import { mobileOnFile } from '../phone/mobileOnFile';
import { RULES, type KindRules, type Stage, type VerificationKind } from './rules';

/** A request that has a session (the pipeline checked it). */
export type FlowRequest = RequestLike & { session: SessionLike };

/** One request's view of a verification under way: the user, their number, its rules and the audit trail. */
export class Verification {
  #ref: ChallengeRef | undefined;
  #user: Promise<unknown> | undefined;
  #locale: LocaleText | undefined;
  #recoveryCodesLeft: Promise<number> | undefined;

  private constructor(
    readonly req: FlowRequest,
    readonly settings: Settings,
    readonly pending: PendingVerification,
    readonly now: number,
  ) {}

  /**
   * The session's verification of one of `kinds`, or `undefined` when there is none or it lapsed
   * (then it is cleared; a lapsed sign-in tells the user why on the next page).
   */
  static open(req: FlowRequest, settings: Settings, kinds: readonly VerificationKind[]): Verification | undefined {
    const pending = PendingVerification.read(req.session, settings.name);
    if (!pending || !kinds.includes(pending.kind)) return undefined;
    const now = settings.clock();
    if (now - pending.since <= settings.pendingTimeoutMs) return new Verification(req, settings, pending, now);
    pending.end();
    if (RULES[pending.kind].ends === 'sign_in') flash(req, settings.locales.pick(req, req.user).messages.text('signInExpired'));
    return undefined;
  }

  /**
   * The verification of the signed-in user `userKey` of one of `kinds`. One started by whoever was
   * signed in before in this browser is not this user's: it is dropped.
   */
  static openFor(req: FlowRequest, settings: Settings, kinds: readonly VerificationKind[], userKey: string): Verification | undefined {
    const verification = Verification.open(req, settings, kinds);
    if (verification && verification.userKey !== userKey) {
      verification.pending.end();
      return undefined;
    }
    return verification;
  }

  /** Wraps a verification started (or drafted) in this request. */
  static of(req: FlowRequest, settings: Settings, pending: PendingVerification): Verification {
    return new Verification(req, settings, pending, settings.clock());
  }

  /** What it is for. */
  get kind(): VerificationKind {
    return this.pending.kind;
  }

  /** Where it stands. */
  get stage(): Stage {
    return this.pending.stage;
  }

  /** What its kind may do. */
  get rules(): KindRules {
    return RULES[this.pending.kind];
  }

  /** The masked number, once known, for events and the prompt; `''` before. */
  get maskedMobile(): string {
    return this.pending.maskedMobile;
  }

  /** The user's identity: the key of their limits, devices and events. */
  get userKey(): string {
    return this.pending.userKey;
  }

  /** The store's key for this verification. */
  get id(): string {
    return this.pending.id;
  }

  /** How the store names this verification and its user (a pseudonym, never the user's identity itself). */
  get ref(): ChallengeRef {
    this.#ref ??= { challengeId: this.pending.id, userId: this.settings.pseudonyms.user(this.userKey) };
    return this.#ref;
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

  /** The fixed code of `e164` when it is a test number in force (see the `testNumbers` option), or `undefined`. */
  testCode(e164: string): string | undefined {
    return this.settings.testNumbers?.codeOf(e164, this.now);
  }

  /** Whether `e164` is a test number in force, which the phone rules' validity check lets through. */
  readonly isTestNumber = (e164: string): boolean => this.testCode(e164) !== undefined;

  /** How many recovery codes the user has left (the app's `recoveryCodes.count`, once per request); 0 without the option or the user. */
  recoveryCodesLeft(): Promise<number> {
    this.#recoveryCodesLeft ??= this.user().then((user) => {
      const recovery = this.settings.recoveryCodes;
      return recovery && user !== undefined ? recovery.count(user, this.req) : 0;
    });
    return this.#recoveryCodesLeft;
  }

  /** Ends it, in the session and in the store (where a marker keeps older session copies from resuming it). */
  async end(): Promise<void> {
    this.pending.end();
    await this.settings.store.end({ ...this.ref, now: this.now, ttlMs: this.settings.pendingTimeoutMs });
  }

  /** Tells the app's `onEvent` hook what happened. */
  event(type: SmsOtpEventType, details: Pick<SmsOtpEvent, 'reason' | 'group' | 'country' | 'attemptsLeft' | 'codesLeft' | 'channel' | 'latencyMs' | 'provider' | 'durationMs' | 'code' | 'httpStatus' | 'retryable' | 'fault' | 'error' | 'detail'> = {}): void {
    if (!wantsEvent(this.settings, type, details.reason)) return;
    emitEvent(this.settings, {
      type,
      strategy: this.settings.name,
      purpose: this.kind,
      userKey: this.userKey,
      mobile: this.maskedMobile,
      ip: this.req.ip,
      at: new Date(this.now),
      locale: this.locale.tag,
      ...details,
    });
  }
}
