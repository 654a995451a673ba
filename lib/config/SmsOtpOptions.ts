import type { SmsProvider } from '../providers/SmsProvider';
import type { OtpStore } from '../store/OtpStore';
import type { SmsOtpEvent } from '../events/SmsOtpEvent';
import type { PromptMessages } from '../i18n/messages';
import type { SendQuotaOptions } from '../limits/SendQuotas';
import type { LockoutOptions } from '../limits/Lockout';
import type { TollFraudOptions } from '../limits/TollFraudOptions';
import type { BeforeSend } from './BeforeSend';
import type { EnrollmentOptions } from './EnrollmentOptions';
import type { SmsOtpLogger } from '../events/SmsOtpLogger';
import type { RememberDeviceOptions } from '../device/RememberDeviceOptions';
import type { RecoveryCodesOptions } from '../recovery/RecoveryCodesOptions';
import type { CountryCode, PhoneNumberType } from 'libphonenumber-js';
import { optionNames } from './validate';
import type { LocaleDefinition, LocaleOption } from '../i18n/LocaleOptions';

/** Serializes and deserializes users: a Passport `Authenticator` (the `passport` module itself is one). */
export interface UserSerializer {
  serializeUser(user: unknown, req: unknown, done: (err: unknown, serialized?: unknown) => void): void;
  deserializeUser(serialized: unknown, req: unknown, done: (err: unknown, user?: unknown) => void): void;
}

/**
 * Options of `new SmsOtpStrategy<User>(options)`. Every one is optional in development; an
 * unknown one throws. `User` is your app's user, as your `deserializeUser` gives it.
 */
export interface SmsOtpOptions<User = unknown> {
  /**
   * Who delivers the text messages: one provider, or a list tried in order when one fails.
   * Default: the provider described by the `SMS_PROVIDER` environment variables when set,
   * else a `ConsoleProvider` outside production. Required when `NODE_ENV=production`.
   */
  provider?: SmsProvider | readonly SmsProvider[];
  /**
   * Key for the HMAC-SHA256 that codes are kept under, at least 16 characters (32 random bytes advised).
   * Default: a random key per process, outside production only. Required when `NODE_ENV=production`;
   * every instance of the app must share it.
   */
  secret?: string | Buffer;
  /**
   * Characters in a code ("SMS OTP length"). Integer from 4 to 10.
   * @defaultValue `6`
   */
  otpLength?: number;
  /**
   * Codes of digits only ("Use only numeric characters for OTP").
   * When `false`, codes mix upper-case letters and digits without look-alikes (0 O 1 I L).
   * @defaultValue `true`
   */
  numericOnly?: boolean;
  /**
   * How long a code works, in seconds ("SMS OTP expiry time"). Integer from 1 to 86400.
   * @defaultValue `300`
   */
  expirySeconds?: number;
  /**
   * Wrong codes a code survives; the next attempt finds it dead. Integer from 1 to 100.
   * @defaultValue `5`
   */
  maxAttempts?: number;
  /**
   * New codes a user may ask for in one sign-in, after the first. Integer from 0 to 100.
   * @defaultValue `5`
   */
  maxResends?: number;
  /**
   * Seconds between two sends in one sign-in. Integer from 0 to 3600.
   * @defaultValue `30`
   */
  resendCooldownSeconds?: number;
  /**
   * Seconds a password sign-in waits for its code before it lapses and the user must sign in again.
   * Integer from 60 (and at least `expirySeconds`) to 86400. A code sent late in a sign-in expires
   * with it, and its text says so.
   * @defaultValue `600` (10 minutes), or `expirySeconds` when that is longer
   */
  pendingTimeoutSeconds?: number;
  /**
   * Where a visitor with no pending sign-in is sent.
   * @defaultValue `'/login'`
   */
  loginUrl?: string;
  /**
   * The application's name, for `{{appName}}` in the text message. Default: the locale's own
   * words, `'your account'` in English.
   */
  appName?: string;
  /**
   * The text message, in every locale (per-locale text goes in `locales`). Placeholders: `{{code}}`
   * (required), `{{appName}}`, `{{expiry}}` ("5 minutes", written in the request's language); any
   * other throws. Default: the locale's own, in English
   * `'Your one-time password for {{appName}} is {{code}}. It expires in {{expiry}}.'`
   */
  messageTemplate?: string;
  /**
   * The host name your site is served from. When set, the message ends with the line
   * `@<domain> #<code>` so browsers can offer the code (WebOTP, origin-bound one-time codes).
   * Default: unset.
   */
  webOtpDomain?: string;
  /** The Passport instance whose `serializeUser`/`deserializeUser` to use. Default: the `passport` module. */
  passport?: UserSerializer;
  /**
   * Who draws the pages of the flow (the code prompt, the number forms, the step-up, the error
   * pages): `'package'`, the package's EJS `view` with your `res.locals` at the top level (the page's
   * own fields win a clash), needing no view engine; `'app'`, your app's `res.render(view, locals)`,
   * in your layout and view engine, where `locals` are your `res.locals` plus `smsOtp` (the
   * `PromptView`) and `title` (the page's title). Either way each page keeps its status and
   * `Cache-Control: no-store`, and an error while rendering goes to your error handler.
   * @defaultValue `'package'`
   */
  render?: 'package' | 'app';
  /**
   * The template of the pages. With `render: 'package'`: the path of an EJS file (a relative path
   * is taken from the working directory; the error names where it led), default the package's
   * `views/sms-otp.ejs`. With `render: 'app'`: a view name or path as `res.render` takes it (found
   * in your `views`), default `'sms-otp'`.
   */
  view?: string;
  /**
   * Text shown on the prompt and in failure messages, to reword: it replaces the text of EVERY
   * locale (per-locale text goes in `locales`). Each text may use the placeholders of its English
   * version (and `{{count}}` in the plural ones); any other throws. Default: the request's locale's own text.
   */
  messages?: Partial<PromptMessages>;
  /**
   * The language of each page and text, decided again on every request so a user who switches
   * language mid-flow gets the new one: `'auto'` takes the best match of the request's
   * `Accept-Language` among the available locales, else `'en'`; a tag such as `'fr'` fixes it (it
   * must be available); a function `(req, user: User) => tag | undefined` answers it, such as the
   * user's stored preference (`undefined`, or a tag no locale matches, means `'auto'`); it is asked
   * only when there is a user. See `LocaleOption`.
   * @defaultValue `'auto'`
   */
  locale?: LocaleOption<User>;
  /**
   * Locales to add or to override, by BCP 47 tag: `{ it: { messages, messageTemplate, durations,
   * defaultAppName } }`, every field optional. Shipped: `en`, `es`, `fr`, `de`, `pt`. An override
   * keeps the shipped text it leaves out; an added locale falls back to English key by key.
   * Its text wins over `messages` and `messageTemplate`. Default: none.
   */
  locales?: Readonly<Record<string, LocaleDefinition>>;
  /**
   * Names of the form fields (`mobile` and `changeMobile` on the enrollment and number-change
   * pages; `remember`, the checkbox of `rememberDevice`; `recoveryCode`, the field of the recovery
   * code form of `recoveryCodes`).
   * @defaultValue `{ code: 'code', resend: 'resend', mobile: 'mobile', changeMobile: 'changeMobile', remember: 'remember', recoveryCode: 'recoveryCode', call: 'call' }`
   */
  fields?: FormFields;
  /**
   * Lets users without a mobile number enroll one at sign-in, and signed-in users change theirs
   * (`strategy.changeMobile()`): the number is saved only once a code sent to it comes back.
   * Default: unset, and a user without a number gets a 403 page (with `recoveryCodes` set, the
   * recovery code form instead, and the sign-in goes on).
   */
  enrollment?: EnrollmentOptions<User>;
  /**
   * "Don't ask for a code on this device": a checkbox on the code prompt, and a cookie that lets
   * the first factor alone sign the same user in again, on the same number, for `days`.
   * `afterFirstFactor()` then needs `successRedirect`. Default: unset (off).
   */
  rememberDevice?: RememberDeviceOptions;
  /**
   * Recovery codes: one-time codes a user creates in advance (`strategy.recoveryCodes()`) and types
   * instead of an SMS code when they cannot use their phone, or when they are locked out or held.
   * The app keeps their hashes (see {@link RecoveryCodesOptions}). Default: unset (off).
   */
  recoveryCodes?: RecoveryCodesOptions<User>;
  /**
   * "Call me instead": the code prompt of a sign-in (to the number on file) and of a step-up offers a
   * call that speaks a new code, through the providers that can call (`TwilioProvider`,
   * `VonageProvider` with an application, `CustomHttpProvider` with `voice`, `ConsoleProvider`),
   * under the same cooldown, resend limit, quotas and lockout as a text. Never to a number being
   * enrolled or changed to. At least one provider must be able to call.
   * @defaultValue `false`
   */
  voice?: boolean;
  /**
   * Keeps codes, attempt counts, send quotas and lockouts. Default: a `MemoryOtpStore` (one process).
   * With several instances of the app, use a `RedisOtpStore` so that every limit is shared.
   */
  store?: OtpStore;
  /**
   * How many codes may be texted across sign-ins before sending is refused (HTTP 429, with the time
   * to wait). Each quota's default is on its own property of {@link SendQuotaOptions}.
   */
  sendQuotas?: SendQuotaOptions;
  /**
   * Locks SMS OTP for a user after wrong codes across codes and sign-ins, each lock twice as long
   * as the one before, and holds the user after `maxConsecutiveFailures` wrong codes in a row
   * (until a recovery code or `strategy.unlock(user)`). Each setting's default is on its own
   * property of {@link LockoutOptions}.
   */
  lockout?: LockoutOptions;
  /**
   * Limits on groups of numbers against SMS pumping (toll fraud): sends per prefix and per country
   * within the last hour, and a pause of a group whose codes are rarely verified. On by default;
   * `false` turns it off. Each setting's default is on its own property of {@link TollFraudOptions}.
   * The store must have the `TollFraudStore` methods while it is on.
   */
  tollFraud?: TollFraudOptions | false;
  /**
   * Your own risk check of each send: answer `'allow'` or `'deny'` (or a promise of one). Asked after
   * the number's own checks (validity, country, number type) and before any limit is counted or any
   * provider called, so a denial counts nothing anywhere; `'deny'` refuses the send (HTTP 429,
   * reason `app_denied`). A hook that throws, or answers anything else, fails the request (nothing
   * is sent). Default: unset, every send is allowed.
   */
  beforeSend?: BeforeSend<User>;
  /**
   * Fictional numbers (E.164) with the fixed code each accepts, for app-store reviewers, CI and
   * demos: at most 20, each code of `otpLength` characters of the code alphabet. A code sent to one
   * goes nowhere (no provider is called; a warning is logged each time, and `sent` has provider
   * `'test'`); every limit applies. They are exempt from the number-validity check only. Requires
   * `testNumbersUntil`. With `NODE_ENV=production` they need `allowTestNumbersInProduction`.
   * Default: none.
   */
  testNumbers?: Readonly<Record<string, string>>;
  /**
   * Until when `testNumbers` work (a `Date` or an ISO 8601 string), required with them: a strategy
   * created after it throws, and one still running past it treats test numbers as ordinary numbers.
   */
  testNumbersUntil?: Date | string;
  /**
   * Allows `testNumbers` with `NODE_ENV=production`, and then only numbers in the fictional ranges
   * (such as `+1 NXX 555 0100` to `0199`; the docs list them).
   * @defaultValue `false`
   */
  allowTestNumbersInProduction?: boolean;
  /**
   * How strictly mobile numbers are checked before a send: `'valid'` requires a number that exists
   * in its country's numbering plan; `'possible'` only a plausible length, for fictional test
   * numbers such as `+1 555 555 0100`.
   * @defaultValue `'valid'`
   */
  phoneValidation?: 'valid' | 'possible';
  /** The country (ISO 3166-1 alpha-2, such as `'FR'`) of numbers written without `+`. Default: unset, such numbers are refused. */
  defaultCountry?: CountryCode;
  /** Countries (ISO 3166-1 alpha-2) whose numbers may receive codes. Default: all. */
  allowedCountries?: readonly CountryCode[];
  /**
   * Number types (libphonenumber-js names) that never receive codes, against SMS pumping.
   * @defaultValue `['PREMIUM_RATE', 'SHARED_COST']`
   */
  blockedNumberTypes?: readonly PhoneNumberType[];
  /** Finds the mobile number to text for a user. Default: reads `user.mobile`. */
  getMobile?: GetMobile<User>;
  /**
   * The user's identity to this package: the key of their send quota, lockout and remembered
   * devices, and the `userKey` of their events. It must stay the same for a user across sign-ins,
   * such as their database id. Default: the serialized user when your `serializeUser` gives a
   * string or a number, else its `id` field when that is one; otherwise the first sign-in passes an
   * `InvalidOptionError` asking for this option to your error handler (a user record serialized
   * whole, whose fields change between sign-ins, would give one user many identities).
   */
  userId?: (user: User) => string;
  /**
   * Where the package writes one line per event, and what went wrong: any logger of pino's shape
   * (`info`, `warn`, `error`, called as `(fields, message)`), or `false` for none. Every line's fields
   * carry `strategy` (this strategy's `name`), and its message starts with that name.
   *
   * - `warn`: failed sends (with the provider's HTTP status, code and answer), numbers the phone
   *   rules refuse (with a hint outside production), used-up send quotas, lockouts, a throwing
   *   `onEvent`, set-up mistakes.
   * - `error`: a send the provider's set-up failed (credentials, account), the store unreachable,
   *   a user held after `lockout.maxConsecutiveFailures` wrong codes in a row.
   * - `info`: everything else, such as `sent` and `verified`.
   *
   * Default: only what an operator must act on (`warn` and `error`), one line each on stderr, in every
   * environment; `info` is not written, so a successful sign-in writes nothing (a write to a pipe is
   * synchronous). Pass a logger to hear the successes too. Never given a code or a full number.
   */
  logger?: SmsOtpLogger | false;
  /** Called for every notable step, for audit logs. Never receives the code; errors it throws are logged and ignored. */
  onEvent?: (event: SmsOtpEvent) => void | Promise<void>;
  /**
   * The strategy's name for `passport.authenticate(name)`.
   * @defaultValue `'sms-otp'`
   */
  name?: string;
  /**
   * Whether the verify callback (the constructor's last argument) receives the request first:
   * `verify(req, user, done)` instead of `verify(user, done)`.
   * @defaultValue `false`
   */
  passReqToCallback?: boolean;
  /**
   * The clock, in milliseconds since the epoch. Default `Date.now`; tests may move time forward.
   * It times everything: codes, cooldowns, pending sign-ins, and the windows of `sendQuotas` and
   * `lockout` (the store is given the time; Redis expiry only cleans up).
   */
  clock?: () => number;
}

/** Finds the mobile number to text for a user; resolve `undefined` or `''` when there is none. */
export type GetMobile<User = unknown> = (user: User, req: unknown) => string | null | undefined | Promise<string | null | undefined>;

/** Option `fields`: the names of the form fields the pages post. */
export interface FormFields {
  /** @defaultValue `'code'` */
  code?: string;
  /** @defaultValue `'resend'` */
  resend?: string;
  /** @defaultValue `'mobile'` */
  mobile?: string;
  /** @defaultValue `'changeMobile'` */
  changeMobile?: string;
  /** @defaultValue `'remember'` */
  remember?: string;
  /** The recovery code form's field (see `recoveryCodes`). @defaultValue `'recoveryCode'` */
  recoveryCode?: string;
  /** The "Call me instead" button (see `voice`). @defaultValue `'call'` */
  call?: string;
}

/** @internal The names {@link SmsOtpOptions} accepts: any other throws (a typo would otherwise be ignored). */
export const SMS_OTP_OPTIONS = optionNames<SmsOtpOptions>({
  provider: true,
  secret: true,
  otpLength: true,
  numericOnly: true,
  expirySeconds: true,
  maxAttempts: true,
  maxResends: true,
  resendCooldownSeconds: true,
  pendingTimeoutSeconds: true,
  loginUrl: true,
  appName: true,
  messageTemplate: true,
  webOtpDomain: true,
  passport: true,
  render: true,
  view: true,
  messages: true,
  locale: true,
  locales: true,
  fields: true,
  enrollment: true,
  rememberDevice: true,
  recoveryCodes: true,
  voice: true,
  store: true,
  sendQuotas: true,
  lockout: true,
  tollFraud: true,
  beforeSend: true,
  testNumbers: true,
  testNumbersUntil: true,
  allowTestNumbersInProduction: true,
  phoneValidation: true,
  defaultCountry: true,
  allowedCountries: true,
  blockedNumberTypes: true,
  getMobile: true,
  passReqToCallback: true,
  userId: true,
  logger: true,
  onEvent: true,
  name: true,
  clock: true,
});

/** @internal The names {@link FormFields} accepts. */
export const FORM_FIELDS = optionNames<FormFields>({ code: true, resend: true, mobile: true, changeMobile: true, remember: true, recoveryCode: true, call: true });
