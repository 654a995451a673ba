import { randomBytes } from 'node:crypto';
import type { RequestLike, SessionLike } from '../http/types';
import { maskMobile } from '../phone/maskMobile';
import { nodeCallback } from '../http/nodeCallback';

/** What a pending verification is for. */
export type Purpose = 'sign_in' | 'change_mobile' | 'step_up';

/** The pending verification as it is kept in the session: small, and plain JSON. */
interface PendingState {
  /** The user as the app's `serializeUser` stored them. */
  readonly user: unknown;
  /** Random id: the key of its code in the store. */
  readonly id: string;
  /** When it started, in milliseconds since the epoch. */
  readonly since: number;
  /** Absent for a sign-in. */
  readonly purpose?: Purpose;
  /** Where a step-up returns once verified: a path of this site. */
  readonly returnTo?: string;
  /** The masked number codes go to, once known. */
  mobile?: string;
  /** The pseudonym of that number, which a remembered device is bound to. */
  numberId?: string;
  /** A number given in this flow (enrollment or change), in E.164, not verified yet. */
  newMobile?: string;
  /** A code went out: a visit to the prompt only redraws it. */
  codeSent?: true;
  /** A resend happened: the next page says so, once. */
  resent?: true;
  /** A resend was refused for the cooldown: the next page's error says how long to wait, so its hint does not. */
  cooldownRefused?: true;
}

type SessionWithPending = SessionLike & Record<string, PendingState | undefined>;

/**
 * A user on their way through the second factor: they passed the first factor (or are signed in
 * and changing their number) and have yet to enter the code. It lives under one session key,
 * derived from the strategy's name, and this class is the only place that changes it: every
 * change is a named step.
 */
export class PendingSignIn {
  private constructor(
    private readonly session: SessionWithPending,
    private readonly key: string,
    private readonly state: PendingState,
  ) {}

  /** The session key of the strategy named `name`: two strategies never share one. */
  static sessionKey(name: string): string {
    return `smsOtp:${name}`;
  }

  /**
   * Starts a sign-in in a new session (so the session id changes with the privilege) and saves it
   * before the response goes out.
   */
  static async startSignIn(req: RequestLike & { session: SessionLike }, name: string, user: unknown, now: number): Promise<void> {
    await nodeCallback((done) => req.session.regenerate(done));
    PendingSignIn.#write(req.session, name, { user, id: newId(), since: now });
    await nodeCallback((done) => req.session.save(done));
  }

  /** Starts a verification for a signed-in user, who stays signed in (same session). */
  static startFor(session: SessionLike, name: string, purpose: Exclude<Purpose, 'sign_in'>, user: unknown, now: number, returnTo?: string): PendingSignIn {
    return PendingSignIn.#write(session, name, { user, id: newId(), since: now, purpose, returnTo });
  }

  /** The session's pending verification of the strategy named `name`, if any. */
  static read(session: SessionLike, name: string): PendingSignIn | undefined {
    const key = PendingSignIn.sessionKey(name);
    const state = (session as SessionWithPending)[key];
    const valid = state !== null && typeof state === 'object' && typeof state.id === 'string' && typeof state.since === 'number';
    return valid ? new PendingSignIn(session as SessionWithPending, key, state) : undefined;
  }

  static #write(session: SessionLike, name: string, state: PendingState): PendingSignIn {
    const key = PendingSignIn.sessionKey(name);
    (session as SessionWithPending)[key] = state;
    return new PendingSignIn(session as SessionWithPending, key, state);
  }

  /** The user as serialized by the app. */
  get user(): unknown {
    return this.state.user;
  }

  get id(): string {
    return this.state.id;
  }

  get since(): number {
    return this.state.since;
  }

  get purpose(): Purpose {
    return this.state.purpose ?? 'sign_in';
  }

  /** The masked number codes go to, or `''` before it is known. */
  get maskedMobile(): string {
    return this.state.mobile ?? '';
  }

  /** Where a step-up returns once verified. */
  get returnTo(): string | undefined {
    return this.state.returnTo;
  }

  /** The pseudonym of the number codes go to, once known. */
  get numberId(): string | undefined {
    return this.state.numberId;
  }

  /** The number given in this flow and awaiting its code (E.164), if any. */
  get newMobile(): string | undefined {
    return this.state.newMobile;
  }

  /**
   * Whether a visit to the prompt may send a code. A reload never sends again: once a code went
   * out, visits only redraw the page (and the store's first-send rule backs this up across
   * parallel visits).
   */
  get sendsOnVisit(): boolean {
    return this.state.codeSent !== true;
  }

  /** The number the codes go to is known (E.164), with its pseudonym. */
  recipientFound(e164: string, numberId: string): void {
    this.state.mobile = maskMobile(e164);
    this.state.numberId = numberId;
  }

  /** A new number was given (enrollment or change): codes go to it from now on. */
  newNumberChosen(e164: string, numberId: string): void {
    this.state.newMobile = e164;
    this.recipientFound(e164, numberId);
    delete this.state.codeSent;
  }

  /** "Use a different number": back to the number form. */
  newNumberDropped(): void {
    delete this.state.newMobile;
    delete this.state.mobile;
    delete this.state.numberId;
    delete this.state.codeSent;
  }

  /** A code went out (or a parallel request sent it). */
  codeSent(): void {
    this.state.codeSent = true;
  }

  /** A resend went out: the next page says so. */
  resent(): void {
    this.state.resent = true;
  }

  /** Whether the page should say a new code was sent; says it once. */
  takeResentNotice(): boolean {
    return this.#takeFlag('resent');
  }

  /** A resend was refused for the cooldown (the refusal says how long to wait). */
  cooldownRefusal(): void {
    this.state.cooldownRefused = true;
  }

  /** Whether the next page's error already gives the wait; says it once. */
  takeCooldownRefusal(): boolean {
    return this.#takeFlag('cooldownRefused');
  }

  /** Whether a one-time flag is set, clearing it. */
  #takeFlag(flag: 'resent' | 'cooldownRefused'): boolean {
    const set = this.state[flag] === true;
    delete this.state[flag];
    return set;
  }

  /** Ends it (in this session; the store keeps its own marker). */
  end(): void {
    delete this.session[this.key];
  }
}

function newId(): string {
  return randomBytes(16).toString('base64url');
}
