import type { CanActivate, ExecutionContext, Type } from '@nestjs/common';
import { optionNames, optional, required } from '../config/validate';
import { DEFAULTS } from '../config/defaults';
import type { Middleware } from '../http/types';
import type { AfterFirstFactorOptions } from '../middleware/afterFirstFactor';
import { authenticatorOf, registeredStrategy, type AuthenticatorLike } from './registeredStrategy';
import { runInGuard } from './runInGuard';

/** Options of {@link AfterFirstFactorGuard}: those of `strategy.afterFirstFactor()`, plus which strategy. */
export interface AfterFirstFactorGuardOptions extends AfterFirstFactorOptions {
  /** The SMS strategy's name, as given to `PassportStrategy(SmsOtpStrategy, name)`. @defaultValue `'sms-otp'` */
  name?: string;
  /** The Passport the strategy is registered with. Default: the `passport` package's own instance. */
  passport?: AuthenticatorLike;
}

const GUARD_OPTIONS = optionNames<AfterFirstFactorGuardOptions>({ name: true, redirectTo: true, successRedirect: true, passport: true });

/**
 * The guard after the first factor, `@UseGuards(AuthGuard('local'), AfterFirstFactorGuard({ redirectTo: '/login/sms' }))`
 * on the password route: `AuthGuard('local')` (which does not log in: Nest's default
 * `session: false`) sets `req.user`, and this guard parks that user as a pending sign-in and
 * redirects (303) to the prompt, as `strategy.afterFirstFactor()` does in Express; a remembered
 * device signs the user in and redirects to `successRedirect`. The handler does not run.
 *
 * Its options are checked against the strategy on the first request (the strategy is registered
 * after the decorators run); a mistake is an `InvalidOptionError` then.
 */
export function AfterFirstFactorGuard(options: AfterFirstFactorGuardOptions): Type<CanActivate> {
  const { name: givenName, passport, ...middlewareOptions } = required.options<AfterFirstFactorGuardOptions>(
    'AfterFirstFactorGuard',
    options,
    GUARD_OPTIONS,
    'an object { redirectTo, successRedirect?, name? }',
  );
  const name = optional.string('AfterFirstFactorGuard.name', givenName, DEFAULTS.name);
  let middleware: Middleware | undefined;

  class SmsOtpAfterFirstFactorGuard implements CanActivate {
    canActivate(context: ExecutionContext): Promise<boolean> {
      middleware ??= registeredStrategy(authenticatorOf(passport), name).afterFirstFactor(middlewareOptions as AfterFirstFactorOptions);
      return runInGuard(middleware, context);
    }
  }
  return SmsOtpAfterFirstFactorGuard;
}
