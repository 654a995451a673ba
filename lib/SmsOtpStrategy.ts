import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterFirstFactor, type AfterFirstFactorOptions } from './middleware/afterFirstFactor';
import { changeMobile, type ChangeMobileOptions } from './middleware/changeMobile';
import { requireRecent, type RequireRecentOptions } from './middleware/requireRecent';
import { safePath } from './http/safePath';
import { logInAgainVerified, markVerifiedOnRegenerate, type LogInRequest } from './session/recentVerification';
import { isSignedIn, serializeSignedInUser, type SignedInRequest } from './session/signedIn';
import { serializeUser, userKeyOf } from './session/userKey';
import { OtpStoreUnavailableError, SmsOtpError } from './errors';
import { logStoreOutage } from './events/logStoreOutage';
import { toLogin, unavailablePage } from './flow/commonOutcomes';
import type { Outcome } from './flow/Outcome';
import { dispatch } from './flow/dispatch';
import { SignIn } from './flow/SignIn';
import { sendPage } from './http/sendPage';
import type { RequestLike, SessionLike } from './http/types';
import type { GetMobile, SmsOtpOptions } from './config/SmsOtpOptions';
import { PassportStrategy, type PassportActions } from './http/passportStrategy';
import { readPostedForm } from './http/readPostedForm';
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
   * @param getMobile - the same as the `getMobile` option (give one or the other); default reads `user.mobile`.
   * @throws {InvalidOptionError} naming the first unknown, wrong or out-of-range option.
   */
  constructor(options: SmsOtpOptions<User> = {}, getMobile?: GetMobile<User>) {
    super();
    this.settings = resolveSettings(options, getMobile);
    this.name = this.settings.name;
    warnSmsCost(this.settings, this.settings.logger.warn);
  }

  /**
   * Middleware for after the first factor: starts the pending sign-in and redirects (303) to the prompt.
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

  /** Called by Passport for each request to the prompt. */
  authenticate(incoming: IncomingMessage): void {
    const req = incoming as RequestLike;
    handle(req, this.settings)
      .catch((err: unknown) => {
        if (!(err instanceof OtpStoreUnavailableError)) throw err;
        logStoreOutage(this.settings.logger, err);
        return unavailablePage(req, this.settings);
      })
      // Rendering can throw too (an app's own view): that goes to Express's error handler, never unhandled.
      .then((outcome) => applyOutcome(this, req as LogInRequest, outcome, this.settings))
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
   * Revokes every device `user` remembered: their next sign-in asks for a code again.
   *
   * @example await smsOtp.forgetDevices(req.user);
   */
  async forgetDevices(user: User): Promise<void> {
    const serialized = await serializeUser(this.settings, user, undefined);
    await this.settings.store.forgetDevices({ userId: this.settings.pseudonyms.user(userKeyOf(serialized)) });
  }
}

/** Decides what a request to the prompt asks for. */
async function handle(req: RequestLike, settings: Settings): Promise<Outcome> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before passport.authenticate().');
  const posted = readPostedForm(req);
  if (!posted.readable) return { kind: 'fail', message: settings.locales.pick(req, req.user).messages.text('unsupportedForm'), status: posted.status };
  const signIn = SignIn.open(req as RequestLike & { session: SessionLike }, settings, ['sign_in']) ?? (await openStepUp(req as SignedInRequest, settings));
  if (!signIn) return toLogin(settings);
  return dispatch(signIn, posted.fields);
}

/** The step-up of the signed-in user, if one is pending (`requireRecent` started it). */
async function openStepUp(req: SignedInRequest, settings: Settings): Promise<SignIn | undefined> {
  if (!isSignedIn(req)) return undefined;
  return SignIn.openFor(req, settings, 'step_up', await serializeSignedInUser(req, settings));
}

/**
 * Carries out an outcome with Passport's actions. (Passport calls `authenticate` on a copy of the
 * strategy, which has no private fields, so this is a function rather than a private method.)
 */
async function applyOutcome(actions: PassportActions, req: LogInRequest, outcome: Outcome, settings: Settings): Promise<void> {
  switch (outcome.kind) {
    case 'success':
      if (outcome.returnTo !== undefined) {
        // A step-up: the user stays signed in, with a new session id, and goes back where they were.
        await logInAgainVerified(req, outcome.user, settings.name, outcome.verifiedAt);
        return actions.redirect(safePath(outcome.returnTo, '/'), 303);
      }
      markVerifiedOnRegenerate(req, settings.name, outcome.verifiedAt);
      return actions.success(outcome.user);
    case 'fail':
      return actions.fail({ message: outcome.message }, outcome.status);
    case 'redirect':
      return actions.redirect(outcome.url, outcome.status);
    case 'page': {
      const res = req.res;
      if (!res) return actions.error(new SmsOtpError('passport-sms-otp renders its prompt through req.res, which Express sets.'));
      sendPage(res, settings, outcome.view);
    }
  }
}
