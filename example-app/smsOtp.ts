import path from 'node:path';
import type { Logger } from 'pino';
import type { OtpStore } from '../lib/store';
import { SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions, type SmsProvider, type UserSerializer } from '../lib';
import { chosenLanguage } from './language';
import type { DemoUser, UserDirectory } from './users';

/** What the strategy needs from the rest of the app. */
export interface SmsOtpWiring {
  readonly secret: string;
  readonly provider: SmsProvider | readonly SmsProvider[];
  /** `undefined`: the strategy's in-memory store. */
  readonly store: OtpStore | undefined;
  readonly passport: UserSerializer;
  /** Where a verified mobile number and the recovery codes' hashes are saved. */
  readonly users: UserDirectory;
  readonly logger: Logger;
  /** Accept numbers that are only possible, such as the demo's fictional +1 555 555 0100 (development only). */
  readonly acceptFictionalNumbers: boolean;
  /** Where the development SMS inbox is, to point to it under the code field. */
  readonly devInboxUrl?: string;
  /** Where events also go for metrics (`smsOtpMetrics`), when `/metrics` is served. */
  readonly metrics?: (event: SmsOtpEvent) => void;
  /** Options to override (tests shorten the resend cooldown). */
  readonly overrides?: Partial<SmsOtpOptions>;
}

/** The prompt template of this app: the package's prompt, restyled with the site's stylesheet. */
export const PROMPT_VIEW = path.join(__dirname, 'views', 'sms-otp.ejs');

/**
 * Every SMS OTP option of the example, in one place. Users are read by the default
 * `getMobile`, which takes `user.mobile`.
 */
export function createSmsOtpStrategy(wiring: SmsOtpWiring): SmsOtpStrategy {
  return new SmsOtpStrategy({
    provider: wiring.provider,
    secret: wiring.secret,
    store: wiring.store,
    passport: wiring.passport,
    appName: 'Example App',
    loginUrl: '/login',
    view: PROMPT_VIEW,
    // The language picked with ?lang=, else the browser's (undefined lets Accept-Language decide).
    locale: (req) => chosenLanguage(req),
    // Real sites keep the default 'valid'; the demo users' 555-01xx numbers are fictional.
    phoneValidation: wiring.acceptFictionalNumbers ? 'possible' : 'valid',
    // A user without a number adds one at sign-in, and /account/mobile changes it; either way the
    // number is saved only once its code came back. A number another demo user has is refused when typed.
    enrollment: {
      saveMobile: (user, mobile) => wiring.users.saveMobile((user as DemoUser).id, mobile),
      isAllowed: (mobile, user) => wiring.users.mobileIsFreeFor(mobile, (user as DemoUser).id),
    },
    // "Don't ask for a code on this device for 30 days": a checkbox on the code prompt. The security
    // page forgets every remembered device, and a new number forgets them too.
    rememberDevice: {},
    // Recovery codes, for a user who cannot use their phone: created on /account/security/recovery-codes,
    // kept as hashes in the user directory (see UserDirectory for the SQL a real app writes), offered
    // on the code prompt while the user has some left.
    // "Call me instead" on the code prompt, when a provider can call (the development inbox can; so
    // can Twilio with a phone number as sender, Vonage with an application, a gateway with voice).
    voice: [wiring.provider].flat().some((provider) => provider.voice === true),
    recoveryCodes: {
      save: (user, hashes) => wiring.users.saveRecoveryCodes((user as DemoUser).id, hashes),
      consume: (user, hash) => wiring.users.consumeRecoveryCode((user as DemoUser).id, hash),
      count: (user) => wiring.users.recoveryCodesLeft((user as DemoUser).id),
    },
    messages: wiring.devInboxUrl
      ? { codeHintNumeric: `The code has {{length}} digits. In development, read the text at ${wiring.devInboxUrl}.` }
      : undefined,
    // The audit trail through the app's pino logger: one line per event (masked number, user id,
    // ip, outcome, never the code); failed sends and refused numbers as warnings.
    logger: wiring.logger.child({ module: 'sms-otp' }),
    onEvent: wiring.metrics,
    ...wiring.overrides,
  });
}
