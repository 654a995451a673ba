import { randomBytes } from 'node:crypto';
import type { VerificationKind, Stage } from '../flow/rules';
import type { RequestLike, SessionLike } from '../http/types';
import { nodeCallback } from '../http/nodeCallback';
import { maskMobile } from '../phone/maskMobile';
import type { GroupRefs } from '../limits/numberGroups';

/** The pending verification as it is kept in the session: small, and plain JSON. */
interface PendingState {
  /** The user as the app's `serializeUser` stored them. */
  readonly user: unknown;
  /** The user's identity (the `userId` option): the key of their limits, devices and events. */
  readonly userKey: string;
  /** Random id: the key of its code in the store. */
  readonly id: string;
  /** When it started, in milliseconds since the epoch. */
  readonly since: number;
  /** Absent for a sign-in with a number on file. */
  kind?: Exclude<VerificationKind, 'sign_in'>;
  /** Where a signed-in user goes once verified (a step-up, a change of number): a path of this site. */
  readonly returnTo?: string;
  /** The masked number codes go to, once known. */
  mobile?: string;
  /** The pseudonym of that number: a code and a remembered device are bound to it. */
  numberId?: string;
  /** A number given in this verification (enrollment or change), in E.164, not verified yet. */
  newMobile?: string;
  /** A code went out: a visit to the prompt only redraws it. */
  codeSent?: true;
  /**
   * With `tollFraud` on: the groups (pseudonyms, and the country) of the number that code went to,
   * in which its right code counts as verified. Set and dropped with `codeSent`: a send refused or
   * failed leaves the previous code, and its groups, in force.
   */
  groups?: GroupRefs;
  /** A resend happened (a text, or a call): the next page says so, once. */
  resent?: true | 'voice';
  /** A resend was refused for the cooldown: the next page's error says how long to wait, so its hint does not. */
  cooldownRefused?: true;
  /** The user chose a recovery code over a text: the prompt shows the recovery form, and sends nothing. */
  recovery?: true;
}

type SessionWithPending = SessionLike & Record<string, PendingState | undefined>;

/** Who is being verified: the user as serialized, and their identity. */
export interface PendingUser {
  readonly serialized: unknown;
  readonly userKey: string;
}

/**
 * A verification under way: a user who passed the first factor and has yet to enter the code, or a
 * signed-in user confirming a step-up or a new number. It lives under one session key, derived from
 * the strategy's name, and this class is the only place that changes it: every change is a named step.
 *
 * A draft (the change page before a number is given) is written into the session only by its first
 * change, so merely looking at a page never replaces another verification under way.
 */
export class PendingVerification {
  #inSession: boolean;
  #ended = false;

  private constructor(
    private readonly session: SessionWithPending,
    private readonly key: string,
    private readonly state: PendingState,
    inSession: boolean,
  ) {
    this.#inSession = inSession;
    if (inSession) session[key] = state;
  }

  /** The session key of the strategy named `name`: two strategies never share one. */
  static sessionKey(name: string): string {
    return `smsOtp:${name}`;
  }

  /**
   * Starts a sign-in in a new session (so the session id changes with the privilege) and saves it
   * before the response goes out.
   */
  static async startSignIn(req: RequestLike & { session: SessionLike }, name: string, user: PendingUser, now: number): Promise<void> {
    await nodeCallback((done) => req.session.regenerate(done));
    new PendingVerification(req.session as SessionWithPending, PendingVerification.sessionKey(name), newState(user, now), true);
    await nodeCallback((done) => req.session.save(done));
  }

  /** Starts a verification of a signed-in user, who stays signed in (same session). */
  static startFor(session: SessionLike, name: string, kind: 'step_up', user: PendingUser, now: number, returnTo: string): PendingVerification {
    return new PendingVerification(session as SessionWithPending, PendingVerification.sessionKey(name), { ...newState(user, now), kind, returnTo }, true);
  }

  /** A verification of a signed-in user that enters the session with its first change. */
  static draft(session: SessionLike, name: string, kind: 'change_mobile', user: PendingUser, now: number, returnTo: string): PendingVerification {
    return new PendingVerification(session as SessionWithPending, PendingVerification.sessionKey(name), { ...newState(user, now), kind, returnTo }, false);
  }

  /** The session's pending verification of the strategy named `name`, if any. */
  static read(session: SessionLike, name: string): PendingVerification | undefined {
    const key = PendingVerification.sessionKey(name);
    const state = (session as SessionWithPending)[key];
    const valid = state !== null && typeof state === 'object' && typeof state.id === 'string' && typeof state.since === 'number' && typeof state.userKey === 'string';
    return valid ? new PendingVerification(session as SessionWithPending, key, state, true) : undefined;
  }

  /** The user as serialized by the app. */
  get user(): unknown {
    return this.state.user;
  }

  /** The user's identity (the `userId` option). */
  get userKey(): string {
    return this.state.userKey;
  }

  get id(): string {
    return this.state.id;
  }

  get since(): number {
    return this.state.since;
  }

  get kind(): VerificationKind {
    return this.state.kind ?? 'sign_in';
  }

  /** At the number form (`number`), or with codes going to a known number (`code`). */
  get stage(): Stage {
    if (this.state.kind === 'enroll' || this.state.kind === 'change_mobile') return this.state.newMobile === undefined ? 'number' : 'code';
    return 'code';
  }

  /** The masked number codes go to, or `''` before it is known. */
  get maskedMobile(): string {
    return this.state.mobile ?? '';
  }

  /** Where a signed-in user goes once verified. */
  get returnTo(): string | undefined {
    return this.state.returnTo;
  }

  /** The pseudonym of the number codes go to, once known. */
  get numberId(): string | undefined {
    return this.state.numberId;
  }

  /** The toll-fraud groups of the number the latest code went to, when one went out with `tollFraud` on. */
  get groups(): GroupRefs | undefined {
    return this.state.groups;
  }

  /** The number given in this verification and awaiting its code (E.164), if any. */
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

  /** Whether it is still under way in the session (not ended by this request). */
  get active(): boolean {
    return !this.#ended;
  }

  /** Whether the user chose a recovery code over a text (until they choose the text again). */
  get onRecoveryPath(): boolean {
    return this.state.recovery === true;
  }

  /** The user chose a recovery code: the prompt shows its form, also after a failure's redirect. */
  recoveryChosen(): void {
    this.#change().recovery = true;
  }

  /** The user chose the text again: the prompt asks for the code (and sends the first one). */
  textChosen(): void {
    if (this.state.recovery) delete this.#change().recovery;
  }

  /** The sign-in found no number on file: the user gives one (enrollment). */
  becameEnrollment(): void {
    this.#change().kind = 'enroll';
  }

  /** The number the codes go to is known (E.164), with its pseudonym. */
  recipientFound(e164: string, numberId: string): void {
    const state = this.#change();
    state.mobile = maskMobile(e164);
    state.numberId = numberId;
  }

  /** A new number was given (enrollment or change): codes go to it from now on. */
  newNumberChosen(e164: string, numberId: string): void {
    this.#change().newMobile = e164;
    this.recipientFound(e164, numberId);
    delete this.state.codeSent;
    delete this.state.groups;
  }

  /** "Use a different number": back to the number form. */
  newNumberDropped(): void {
    const state = this.#change();
    delete state.newMobile;
    delete state.mobile;
    delete state.numberId;
    delete state.codeSent;
    delete state.groups;
  }

  /** A code went out (or a parallel request sent it), to a number of these toll-fraud groups (`undefined` with `tollFraud` off). */
  codeSent(groups: GroupRefs | undefined): void {
    const state = this.#change();
    state.codeSent = true;
    if (groups) state.groups = { prefixGroup: groups.prefixGroup, countryGroup: groups.countryGroup, country: groups.country };
    else delete state.groups;
  }

  /** A resend went out, by text or by a call: the next page says so. */
  resent(channel: 'sms' | 'voice'): void {
    this.#change().resent = channel === 'voice' ? 'voice' : true;
  }

  /** How the last resend went out, if the page has yet to say so; says it once. */
  takeResentNotice(): 'sms' | 'voice' | undefined {
    const resent = this.state.resent;
    if (resent === undefined) return undefined;
    delete this.#change().resent;
    return resent === 'voice' ? 'voice' : 'sms';
  }

  /** A resend was refused for the cooldown (the refusal says how long to wait). */
  cooldownRefusal(): void {
    this.#change().cooldownRefused = true;
  }

  /** Whether the next page's error already gives the wait; says it once. */
  takeCooldownRefusal(): boolean {
    return this.#takeFlag('cooldownRefused');
  }

  /** Ends it (in this session; the store keeps its own marker). */
  end(): void {
    if (this.#inSession && this.session[this.key] === this.state) delete this.session[this.key];
    this.#inSession = false;
    this.#ended = true;
  }

  /** The state, in the session from now on. */
  #change(): PendingState {
    if (!this.#inSession) {
      this.session[this.key] = this.state;
      this.#inSession = true;
    }
    return this.state;
  }

  /** Whether a one-time flag is set, clearing it. */
  #takeFlag(flag: 'cooldownRefused'): boolean {
    const set = this.state[flag] === true;
    if (set) delete this.#change()[flag];
    return set;
  }
}

function newState(user: PendingUser, now: number): PendingState {
  return { user: user.serialized, userKey: user.userKey, id: randomBytes(16).toString('base64url'), since: now };
}
