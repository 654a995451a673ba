import type { IncomingMessage } from 'node:http';
import { afterFirstFactor, type AfterFirstFactorOptions } from './afterFirstFactor';
import { OtpStoreUnavailableError, SmsOtpError } from './errors';
import { toLogin, unavailablePage } from './flow/commonOutcomes';
import type { Outcome } from './flow/Outcome';
import { resendCode } from './flow/resendCode';
import { showPrompt } from './flow/showPrompt';
import { SignIn } from './flow/SignIn';
import { verifyCode } from './flow/verifyCode';
import type { Middleware, RequestLike, SessionLike } from './http';
import type { GetMobile, SmsOtpOptions } from './options';
import { PassportStrategy, type PassportActions } from './passportStrategy';
import { readPostedForm } from './readPostedForm';
import { resolveSettings, type Settings } from './settings';

/**
 * A Passport strategy for the second factor: it texts a one-time code to the user who passed
 * the first factor and signs them in only when they type it back.
 *
 * `GET` shows the prompt (sending the first code), `POST` with the code field verifies it,
 * `POST` with the resend field sends a new one.
 */
export class SmsOtpStrategy extends PassportStrategy {
  /** The name to pass to `passport.authenticate`; `'sms-otp'` unless the `name` option says otherwise. */
  readonly name: string;
  /** @internal */
  private readonly settings: Settings;

  /**
   * @param options - see {@link SmsOtpOptions}; all optional in development.
   * @param getMobile - finds the user's mobile number; default reads `user.mobile`.
   */
  constructor(options: SmsOtpOptions = {}, getMobile?: GetMobile) {
    super();
    this.settings = resolveSettings(options, getMobile);
    this.name = this.settings.name;
  }

  /** Middleware for after the first factor: starts the pending sign-in and redirects (303) to the prompt. */
  afterFirstFactor(options: AfterFirstFactorOptions): Middleware {
    return afterFirstFactor(this.settings, options);
  }

  /** Called by Passport for each request to the prompt. */
  authenticate(incoming: IncomingMessage): void {
    const req = incoming as RequestLike;
    handle(req, this.settings)
      .catch((err: unknown) => {
        if (err instanceof OtpStoreUnavailableError) return unavailablePage(req, this.settings);
        throw err;
      })
      // Rendering can throw too (an app's own view): that goes to Express's error handler, never unhandled.
      .then((outcome) => applyOutcome(this, req, outcome, this.settings))
      .catch((err: unknown) => this.error(err));
  }
}

/** Decides what a request to the prompt asks for. */
async function handle(req: RequestLike, settings: Settings): Promise<Outcome> {
  if (!req.session) throw new SmsOtpError('passport-sms-otp needs session support: add express-session before passport.authenticate().');
  const posted = readPostedForm(req);
  if (!posted.readable) return { kind: 'fail', message: settings.messages.text('unsupportedForm'), status: posted.status };
  const signIn = SignIn.open(req as RequestLike & { session: SessionLike }, settings);
  if (!signIn) return toLogin(settings);
  const { fields } = posted;
  if (Object.hasOwn(fields, settings.fields.resend)) return resendCode(signIn);
  if (Object.hasOwn(fields, settings.fields.code)) return verifyCode(signIn, fields[settings.fields.code]);
  return showPrompt(signIn);
}

/**
 * Carries out an outcome with Passport's actions. (Passport calls `authenticate` on a copy of the
 * strategy, which has no private fields, so this is a function rather than a private method.)
 */
function applyOutcome(actions: PassportActions, req: RequestLike, outcome: Outcome, settings: Settings): void {
  switch (outcome.kind) {
    case 'success':
      return actions.success(outcome.user);
    case 'fail':
      return actions.fail({ message: outcome.message }, outcome.status);
    case 'redirect':
      return actions.redirect(outcome.url, outcome.status);
    case 'page': {
      const res = req.res;
      if (!res) return actions.error(new SmsOtpError('passport-sms-otp renders its prompt through req.res, which Express sets.'));
      res.statusCode = outcome.view.status;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.end(settings.renderPrompt(outcome.view));
    }
  }
}
