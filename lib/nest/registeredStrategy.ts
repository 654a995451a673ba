import { SmsOtpError } from '../errors';
import { SmsOtpStrategy } from '../SmsOtpStrategy';

/** The parts of a Passport `Authenticator` the Nest entry uses. */
export interface AuthenticatorLike {
  authenticate(name: string, options: object): (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
  /** Passport's own lookup of a registered strategy (every Passport from 0.4 to 0.7 has it). */
  _strategy?(name: string): unknown;
}

/** The Passport the app uses: the one given, else the `passport` package's default instance (as `@nestjs/passport` uses). */
export function authenticatorOf(given: AuthenticatorLike | undefined): AuthenticatorLike {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer dependency, loaded when a guard first runs
  return given ?? (require('passport') as AuthenticatorLike);
}

/** The SMS OTP strategy registered under `name`, as `PassportStrategy(SmsOtpStrategy, name)` registers it. */
export function registeredStrategy(passport: AuthenticatorLike, name: string): SmsOtpStrategy<never> {
  const strategy = passport._strategy?.(name);
  if (strategy instanceof SmsOtpStrategy) return strategy as SmsOtpStrategy<never>;
  throw new SmsOtpError(
    `No SmsOtpStrategy is registered with Passport as "${name}": ` +
      "add a provider such as `class SmsOtp extends PassportStrategy(SmsOtpStrategy, 'sms-otp')` to your module, or pass the guard the same name.",
  );
}
