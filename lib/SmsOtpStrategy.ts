import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterFirstFactor, type AfterFirstFactorOptions } from './middleware/afterFirstFactor';
import { changeMobile, type ChangeMobileOptions } from './middleware/changeMobile';
import { requireRecent, type RequireRecentOptions } from './middleware/requireRecent';
import { recoveryCodesPage, type RecoveryCodesPageOptions } from './middleware/recoveryCodesPage';
import { accountEvent } from './events/accountEvent';
import { deliveryReceipts } from './middleware/deliveryReceipts';
import { identifyUser } from './session/userId';
import { isSignedIn, type SignedInRequest } from './session/signedIn';
import type { LogInRequest } from './session/recentVerification';
import { toLogin } from './flow/outcomes';
import type { Outcome } from './flow/Outcome';
import { dispatch } from './flow/dispatch';
import { Verification, type FlowRequest } from './flow/Verification';
import { runPipeline, type EntryPoint } from './http/pipeline';
import { passportResponder } from './http/respond';
import type { RequestLike } from './http/types';
import type { SmsOtpOptions } from './config/SmsOtpOptions';
import type { VerifyCallback, VerifyCallbackWithRequest } from './config/VerifyCallback';
import { InvalidOptionError } from './errors';
import { PassportStrategy } from './http/passportStrategy';
import { resolveSettings, type Settings } from './config/resolveSettings';
import { warnSmsCost } from './sms/warnSmsCost';

/**
 * A Passport strategy for the second factor: it texts a one-time code to the user who passed
 * the first factor and signs them in only when they type it back.
 *
 * `GET` shows the prompt (sending the first code), `POST` with the code field verifies it,
 * `POST` with the resend field sends a new one.
 *
 * `User` is your app's user, as your `deserializeUser` gives it: it types the user your callbacks
 * (`getMobile`, `enrollment`) receive. Default `unknown`.
 *
 * @example
 * const smsOtp = new SmsOtpStrategy<User>({ getMobile: (user) => user.phone });
 * passport.use(smsOtp);
 */
export class SmsOtpStrategy<User = unknown> extends PassportStrategy {
  /** The name to pass to `passport.authenticate`; `'sms-otp'` unless the `name` option says otherwise. */
  readonly name: string;
  /** @internal */
  private readonly settings: Settings;

  /**
   * @param options - see {@link SmsOtpOptions}; all optional in development.
   * @param verify - optional, as in every Passport strategy: called after a right code (and when a
   *   remembered device completes the sign-in) with the user; `done(null, user, info)` signs in that
   *   user, `done(null, false, info)` refuses (401 with `info.message`), `done(err)` is an error; it
   *   may return a promise instead. A function given as the last argument is always this callback.
   * @throws {InvalidOptionError} naming the first unknown, wrong or out-of-range option.
   */
  constructor(verify?: VerifyCallback<User>);
  constructor(options: SmsOtpOptions<User> & { passReqToCallback: true }, verify: VerifyCallbackWithRequest<User>);
  constructor(options?: SmsOtpOptions<User>, verify?: VerifyCallback<User>);
  constructor(...args: readonly unknown[]) {
    super();
    const [options, verify] = typeof args[0] === 'function' ? [{}, ...args] : args;
    if (args.length > 2 || (typeof args[0] === 'function' && args.length > 1)) {
      throw new InvalidOptionError('SmsOtpStrategy', 'constructed as new SmsOtpStrategy(options?, verify?)', `${args.length} arguments`);
    }
    this.settings = resolveSettings((options ?? {}) as SmsOtpOptions<User>, verify);
    this.name = this.settings.name;
    warnSmsCost(this.settings, this.settings.logger.warn);
  }

  /**
   * Middleware for after the first factor: starts the pending sign-in and redirects (303) to the prompt.
   * Without a `req.user` it redirects to `loginUrl` and logs why, once per mounted middleware: at
   * `warn` for a POST or a request Passport never saw (a set-up mistake), at `info` for a GET (a
   * visitor who is not signed in).
   *
   * @throws {InvalidOptionError} without `redirectTo`, or without `successRedirect` when `rememberDevice` is on.
   */
  afterFirstFactor(options: AfterFirstFactorOptions): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
    return afterFirstFactor(this.settings, options);
  }

  /**
   * Middleware for a page where a signed-in user changes their mobile number, such as
   * `app.all('/account/mobile', smsOtp.changeMobile({ successRedirect: '/account' }))`.
   * Needs the `enrollment` option.
   *
   * @throws {InvalidOptionError} without `enrollment`, or without a `successRedirect` path.
   */
  changeMobile(options: ChangeMobileOptions): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
    return changeMobile(this.settings, options);
  }

  /**
   * Middleware for a page where a signed-in user creates a new set of recovery codes, such as
   * `app.all('/account/recovery-codes', smsOtp.recoveryCodes({ successRedirect: '/account' }))`.
   * A GET shows a form; its post creates the set (replacing the old one, through
   * `recoveryCodes.save`), shows the codes once, and texts the number on file. Only after a recent
   * code: otherwise the user goes through the code prompt first. Needs the `recoveryCodes` option.
   *
   * @throws {InvalidOptionError} without `recoveryCodes`, or without a `successRedirect` path.
   */
  recoveryCodes(options: RecoveryCodesPageOptions): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
    return recoveryCodesPage(this.settings, options);
  }

  /**
   * Releases a user held after `lockout.maxConsecutiveFailures` wrong codes in a row, or locked out:
   * their hold, lock and failure counts start over, as after a right code. Call it once your support
   * staff know the request comes from the account's owner. Emits `unlocked` when there was a hold
   * or a lock to release.
   *
   * @example await smsOtp.unlock(user);
   */
  async unlock(user: User): Promise<void> {
    const { userKey } = await identifyUser(this.settings, user, undefined);
    const { released } = await this.settings.store.unlock({ userId: this.settings.pseudonyms.user(userKey), now: this.settings.clock() });
    if (released !== 'nothing') accountEvent(this.settings, 'unlocked', userKey, undefined, { reason: released });
  }

  /**
   * Middleware for the public URL where the provider named `name` (`'twilio'`, `'vonage'`, a custom
   * gateway's `name`; `'console'` in development) posts its delivery receipts, such as
   * `app.post('/sms-otp/status/twilio', express.urlencoded({ extended: false }), smsOtp.deliveryReceipts('twilio'))`.
   * Each receipt is checked as the provider signs it (403 otherwise) and only tells the prompt what
   * became of the text: nothing in it signs anyone in or ends a verification.
   *
   * @throws {InvalidOptionError} for a name that is no provider set up for receipts, or `'console'` in production.
   */
  deliveryReceipts(name: string): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
    return deliveryReceipts(this.settings, name);
  }

  /** Called by Passport for each request to the prompt. */
  authenticate(incoming: IncomingMessage): void {
    const req = incoming as RequestLike;
    runPipeline(req, this.settings, PROMPT, (flowReq, fields) => openVerification(flowReq, this.settings, fields))
      // Rendering can throw too (an app's own view): that goes to Express's error handler, never unhandled.
      .then(passportResponder(this, req as LogInRequest, this.settings))
      .catch((err: unknown) => this.error(err));
  }

  /**
   * Middleware that lets a request through only when the signed-in user verified a code within
   * `maxAgeSeconds`; otherwise it sends them through the code prompt (they stay signed in) and
   * back. Protect sensitive routes with it: `app.post('/payout', smsOtp.requireRecent(), …)`.
   *
   * @throws {InvalidOptionError} when an option is out of range.
   */
  requireRecent(options?: RequireRecentOptions): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
    return requireRecent(this.settings, options);
  }

  /**
   * Revokes every device `user` remembered: their next sign-in asks for a code again. With a
   * store that has no methods of remembered devices (see `RememberDeviceStore`), no device can
   * have been remembered, and this resolves at once.
   *
   * @example await smsOtp.forgetDevices(req.user);
   */
  async forgetDevices(user: User): Promise<void> {
    const { userKey } = await identifyUser(this.settings, user, undefined);
    await this.settings.deviceStore?.forgetDevices({ userId: this.settings.pseudonyms.user(userKey) });
  }
}

const PROMPT: EntryPoint = { name: 'passport.authenticate()', readsForm: true };

/**
 * The verification a request to the prompt answers: the session's sign-in (or enrollment), else the
 * step-up of the signed-in user; with neither, back to the first factor. (Passport calls
 * `authenticate` on a copy of the strategy, which has no private fields: hence a function.)
 */
async function openVerification(req: FlowRequest, settings: Settings, fields: Readonly<Record<string, unknown>>): Promise<Outcome> {
  const verification = Verification.open(req, settings, ['sign_in', 'enroll']) ?? (await openStepUp(req, settings));
  if (!verification) return toLogin(settings);
  return dispatch(verification, fields);
}

/** The step-up of the signed-in user, if one is pending (`requireRecent` or `changeMobile` started it). */
async function openStepUp(req: FlowRequest & SignedInRequest, settings: Settings): Promise<Verification | undefined> {
  if (!isSignedIn(req)) return undefined;
  const { userKey } = await identifyUser(settings, req.user, req);
  return Verification.openFor(req, settings, ['step_up'], userKey);
}
