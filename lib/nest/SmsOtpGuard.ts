import type { CanActivate, ExecutionContext, Type } from '@nestjs/common';
import { optionNames, optional, required } from '../config/validate';
import { DEFAULTS } from '../config/defaults';
import { authenticatorOf, type AuthenticatorLike } from './registeredStrategy';
import { runInGuard } from './runInGuard';

/** Options of {@link SmsOtpGuard}. */
export interface SmsOtpGuardOptions {
  /** The strategy's name, as given to `PassportStrategy(SmsOtpStrategy, name)`. @defaultValue `'sms-otp'` */
  name?: string;
  /** Where a right code sends the signed-in user, such as `'/account'`. Required. */
  successRedirect: string;
  /** Where a failure sends the user, with its message in `session.messages`, such as `'/login/sms'`. Required. */
  failureRedirect: string;
  /** The Passport the strategy is registered with. Default: the `passport` package's own instance, which `@nestjs/passport` uses. */
  passport?: AuthenticatorLike;
}

const GUARD_OPTIONS = optionNames<SmsOtpGuardOptions>({ name: true, successRedirect: true, failureRedirect: true, passport: true });

/**
 * A guard for the code prompt's routes, `@UseGuards(SmsOtpGuard({ successRedirect, failureRedirect }))`
 * on both `@Get('login/sms')` and `@Post('login/sms')`. It behaves exactly as
 * `passport.authenticate(name, { successRedirect, failureRedirect, failureMessage: true })` does in
 * Express: the page or redirect the strategy sends ends the request (the handler does not run),
 * a failure keeps its message through `session.messages` and `failureRedirect`, and a right code
 * logs the user in to the session (a new session id) and redirects. Errors reach Nest's exception
 * filters.
 *
 * @throws {InvalidOptionError} without `successRedirect` or `failureRedirect`.
 */
export function SmsOtpGuard(options: SmsOtpGuardOptions): Type<CanActivate> {
  const given = required.options<SmsOtpGuardOptions>('SmsOtpGuard', options, GUARD_OPTIONS, 'an object { successRedirect, failureRedirect, name? }');
  const name = optional.string('SmsOtpGuard.name', given.name, DEFAULTS.name);
  const authenticateOptions = {
    successRedirect: required.string('SmsOtpGuard.successRedirect', given.successRedirect, 'the URL a right code leads to, such as "/account"'),
    failureRedirect: required.string('SmsOtpGuard.failureRedirect', given.failureRedirect, 'the URL of the code prompt, such as "/login/sms"'),
    failureMessage: true,
  };
  const passport = given.passport;

  class SmsOtpPromptGuard implements CanActivate {
    canActivate(context: ExecutionContext): Promise<boolean> {
      const authenticate = authenticatorOf(passport).authenticate(name, authenticateOptions);
      return runInGuard(authenticate, context);
    }
  }
  return SmsOtpPromptGuard;
}
