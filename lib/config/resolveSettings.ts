import { randomBytes } from 'node:crypto';
import { InvalidOptionError } from '../errors';
import type { SmsOtpEvent } from '../events/SmsOtpEvent';
import { FORM_FIELDS, SMS_OTP_OPTIONS, type FormFields, type GetMobile, type SmsOtpOptions, type UserSerializer } from './SmsOtpOptions';
import { CodeHasher } from '../otp/CodeHasher';
import { ALPHANUMERIC_ALPHABET, NUMERIC_ALPHABET } from '../otp/generateCode';
import type { PageRenderer } from '../view/PageRenderer';
import { resolveRenderer } from '../view/resolveRenderer';
import { resolveLocales, type Locales } from '../i18n/resolveLocales';
import { resolveProviders } from '../providers/resolveProviders';
import { requireFeatureMethods, resolveStore } from './resolveStore';
import type { SmsProvider } from '../providers/SmsProvider';
import type { DeliveryStore, OtpStore, RecoveryCodeStore, RememberDeviceStore, TollFraudStore } from '../store/OtpStore';
import { resolveTollFraud, type TollFraudSettings } from '../limits/TollFraudOptions';
import { MemoryOtpStore } from '../store/MemoryOtpStore';
import { hasFeatureMethods } from '../store/storeFeatures';
import { resolveRememberDevice, type RememberDeviceSettings } from '../device/RememberDeviceOptions';
import { resolveEnrollment, type EnrollmentSettings } from './EnrollmentOptions';
import { resolveRecoveryCodes, type RecoveryCodeSettings } from '../recovery/RecoveryCodesOptions';
import { resolveLockout } from '../limits/Lockout';
import { resolveLogger, type SmsOtpLogger } from '../events/SmsOtpLogger';
import { resolveSendQuotas, type SendQuotaRules } from '../limits/SendQuotas';
import { Pseudonyms } from '../otp/Pseudonyms';
import type { LockoutRule } from '../store/OtpStore';
import { resolveMobileRules, type MobileRules } from '../phone/MobileRules';
import { resolveTestNumbers, type TestNumbers } from '../phone/TestNumbers';
import type { BeforeSend } from './BeforeSend';
import { NumberIds } from '../phone/NumberIds';
import { confirmEveryone, verifyCallback, type ConfirmSignIn } from '../session/confirmSignIn';
import { defaultUserId, userIdOption, type UserIdOf } from '../session/userId';
import { DEFAULTS, RANGES } from './defaults';
import { optional, required } from './validate';

/** The options after validation, with every default filled in. Frozen; nothing re-checks them. */
export interface Settings {
  readonly name: string;
  readonly providers: readonly SmsProvider[];
  readonly hasher: CodeHasher;
  readonly pseudonyms: Pseudonyms;
  /** The pseudonyms of numbers on file, however written: a code is bound to the number it went to. */
  readonly numberIds: NumberIds;
  readonly otpLength: number;
  readonly numericOnly: boolean;
  readonly alphabet: string;
  readonly expiryMs: number;
  readonly maxAttempts: number;
  readonly maxResends: number;
  readonly resendCooldownMs: number;
  readonly pendingTimeoutMs: number;
  readonly loginUrl: string;
  /** Every available language (text, SMS template, app name) and how a request's is chosen. */
  readonly locales: Locales;
  readonly serializer: UserSerializer;
  /** Draws every page of the flow (the `render` and `view` options). */
  readonly renderPage: PageRenderer;
  readonly fields: FieldNames;
  readonly enrollment: EnrollmentSettings | undefined;
  readonly rememberDevice: RememberDeviceSettings | undefined;
  readonly store: OtpStore;
  /**
   * The store's remembered devices, when it has their methods (always with `rememberDevice`):
   * without them no device can have been remembered, so there is nothing to forget.
   */
  readonly deviceStore: RememberDeviceStore | undefined;
  /**
   * The store's delivery tracking, when a provider is set up to send receipts (the store must then
   * have it); `undefined` otherwise, and no prompt shows a delivery state.
   */
  readonly deliveryStore: DeliveryStore | undefined;
  /** The providers that can place calls, in order, when the `voice` option is on; `undefined` when it is off. */
  readonly voiceProviders: readonly SmsProvider[] | undefined;
  /** Recovery codes (the `recoveryCodes` option), or `undefined` when off. */
  readonly recoveryCodes: RecoveryCodeSettings | undefined;
  /** The store's part of recovery codes: set exactly when `recoveryCodes` is (the constructor checks the store has it). */
  readonly recoveryStore: RecoveryCodeStore | undefined;
  readonly sendQuotas: SendQuotaRules;
  /** The toll-fraud rules (the `tollFraud` option), or `undefined` when it is `false`. */
  readonly tollFraud: TollFraudSettings | undefined;
  /** The store's group counters: set exactly when `tollFraud` is (the constructor checks the store has them). */
  readonly tollFraudStore: TollFraudStore | undefined;
  readonly lockout: LockoutRule;
  readonly mobileRules: MobileRules;
  /** The app's own risk check of each send (the `beforeSend` option), or `undefined`: every send is allowed. */
  readonly beforeSend: BeforeSend | undefined;
  /** The test numbers and their fixed codes (the `testNumbers` option), or `undefined` when there are none. */
  readonly testNumbers: TestNumbers | undefined;
  readonly onEvent: ((event: SmsOtpEvent) => void | Promise<void>) | undefined;
  readonly logger: SmsOtpLogger;
  readonly clock: () => number;
  readonly getMobile: GetMobile;
  /** The app's verify callback (the constructor's last argument), or everyone who typed the right code signs in. */
  readonly confirmSignIn: ConfirmSignIn;
  /** The user's identity: the `userId` option, or the default (see `defaultUserId`). */
  readonly userId: UserIdOf;
}

/** The names of the flow's form fields (the `fields` option). */
export type FieldNames = { readonly [Name in keyof Required<FormFields>]: string };

const MIN_SECRET_LENGTH = 16;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

/**
 * Validates the options once and fills in the defaults. Throws an `InvalidOptionError` naming the
 * first bad or unknown option. `verify` is the constructor's last argument.
 */
export function resolveSettings<User>(given: SmsOtpOptions<User>, verify: unknown): Settings {
  // The package never looks inside the app's user: it only hands it back to the app's callbacks.
  const options = required.options<SmsOtpOptions>('', given, SMS_OTP_OPTIONS, 'an object') as SmsOtpOptions;
  const production = process.env.NODE_ENV === 'production';
  const developmentDefaults: string[] = [];

  const providers = resolveProviders(options.provider, production, developmentDefaults);
  const secret = resolveSecret(options.secret, production, developmentDefaults);
  if (developmentDefaults.length > 0) {
    process.stderr.write(`passport-sms-otp: development defaults in use (${developmentDefaults.join(', ')}); set them before production.\n`);
  }

  const numericOnly = optional.boolean('numericOnly', options.numericOnly, DEFAULTS.numericOnly);
  const otpLength = optional.integer('otpLength', options.otpLength, ...RANGES.otpLength, DEFAULTS.otpLength);
  const alphabet = numericOnly ? NUMERIC_ALPHABET : ALPHANUMERIC_ALPHABET;
  const clock = optional.function<Settings['clock'], Settings['clock']>('clock', options.clock, Date.now);
  const expirySeconds = optional.integer('expirySeconds', options.expirySeconds, ...RANGES.expirySeconds, DEFAULTS.expirySeconds);
  const fields = optional.options<FormFields, FormFields>('fields', options.fields, FORM_FIELDS, {});
  const pseudonyms = new Pseudonyms(secret);
  const mobileRules = resolveMobileRules(options);
  const store = resolveStore(options.store);
  const name = optional.string('name', options.name, DEFAULTS.name);
  const logger = resolveLogger(options.logger, name);
  const recoveryCodes = resolveRecoveryCodes(options.recoveryCodes, secret);
  const tollFraud = resolveTollFraud(options.tollFraud);
  if (production) warnOfMemoryStore(store, logger, name);
  return Object.freeze({
    name,
    providers,
    hasher: new CodeHasher(secret),
    pseudonyms,
    numberIds: new NumberIds(mobileRules, pseudonyms),
    otpLength,
    numericOnly,
    alphabet,
    expiryMs: expirySeconds * 1000,
    maxAttempts: optional.integer('maxAttempts', options.maxAttempts, ...RANGES.maxAttempts, DEFAULTS.maxAttempts),
    maxResends: optional.integer('maxResends', options.maxResends, ...RANGES.maxResends, DEFAULTS.maxResends),
    resendCooldownMs: optional.integer('resendCooldownSeconds', options.resendCooldownSeconds, ...RANGES.resendCooldownSeconds, DEFAULTS.resendCooldownSeconds) * 1000,
    pendingTimeoutMs: resolvePendingTimeout(options.pendingTimeoutSeconds, expirySeconds) * 1000,
    loginUrl: optional.string('loginUrl', options.loginUrl, DEFAULTS.loginUrl),
    locales: resolveLocales(options, resolveDomain(options.webOtpDomain)),
    serializer: resolveSerializer(options.passport),
    renderPage: resolveRenderer(options.render, options.view),
    fields: Object.freeze({
      code: optional.string('fields.code', fields.code, DEFAULTS.fields.code),
      resend: optional.string('fields.resend', fields.resend, DEFAULTS.fields.resend),
      mobile: optional.string('fields.mobile', fields.mobile, DEFAULTS.fields.mobile),
      changeMobile: optional.string('fields.changeMobile', fields.changeMobile, DEFAULTS.fields.changeMobile),
      remember: optional.string('fields.remember', fields.remember, DEFAULTS.fields.remember),
      recoveryCode: optional.string('fields.recoveryCode', fields.recoveryCode, DEFAULTS.fields.recoveryCode),
      call: optional.string('fields.call', fields.call, DEFAULTS.fields.call),
    }),
    enrollment: resolveEnrollment(options.enrollment),
    rememberDevice: resolveRememberDevice(options.rememberDevice, store),
    store,
    deviceStore: hasFeatureMethods(store, 'rememberDevice') ? store : undefined,
    deliveryStore: resolveDeliveryStore(providers, store),
    voiceProviders: resolveVoice(options.voice, providers),
    recoveryCodes,
    recoveryStore: recoveryCodes && requireFeatureMethods(store, 'recoveryCodes'),
    sendQuotas: resolveSendQuotas(options.sendQuotas),
    tollFraud,
    tollFraudStore: tollFraud && requireFeatureMethods(store, 'tollFraud'),
    lockout: resolveLockout(options.lockout),
    mobileRules,
    beforeSend: optional.function<BeforeSend, undefined>('beforeSend', options.beforeSend, undefined),
    testNumbers: resolveTestNumbers(options, { otpLength, alphabet, numericOnly, now: clock(), production }),
    onEvent: optional.function<NonNullable<Settings['onEvent']>, undefined>('onEvent', options.onEvent, undefined),
    logger,
    clock,
    getMobile: optional.function<GetMobile, GetMobile>('getMobile', options.getMobile, readMobileProperty),
    confirmSignIn: resolveVerify(verify, optional.boolean('passReqToCallback', options.passReqToCallback, DEFAULTS.passReqToCallback)),
    userId: options.userId === undefined ? defaultUserId : userIdOption(required.function('userId', options.userId, 'a function (user) => string')),
  });
}

/** Stores already warned about: a store shared by several strategies warns once. */
const warnedStores = new WeakSet<OtpStore>();

/** In production, a `MemoryOtpStore` is a mistake unless the app runs as one process: say so once. */
function warnOfMemoryStore(store: OtpStore, logger: SmsOtpLogger, strategy: string): void {
  if (!(store instanceof MemoryOtpStore) || warnedStores.has(store)) return;
  warnedStores.add(store);
  logger.warn(
    { store: 'MemoryOtpStore' },
    `${strategy}: MemoryOtpStore keeps codes and limits in this process only; with several instances or after a restart they do not hold. Use RedisOtpStore in production.`,
  );
}

/**
 * With a provider that sends receipts, the store tracks deliveries, and each provider's name is
 * unique: `deliveryReceipts(name)` names the one whose receipts its URL gets.
 */
function resolveDeliveryStore(providers: readonly SmsProvider[], store: OtpStore): DeliveryStore | undefined {
  if (!providers.some((provider) => provider.receipts !== undefined)) return undefined;
  const names = providers.map((provider) => provider.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new InvalidOptionError('provider', 'providers with distinct names when one sends delivery receipts (set the name option of a custom gateway)', `two providers named ${twice}`);
  }
  return requireFeatureMethods(store, 'deliveryReceipts');
}

/** The providers that can call, when `voice` is on: at least one, or the option cannot work. */
function resolveVoice(voice: unknown, providers: readonly SmsProvider[]): readonly SmsProvider[] | undefined {
  if (!optional.boolean('voice', voice, DEFAULTS.voice)) return undefined;
  const callers = providers.filter((provider) => provider.voice === true);
  if (callers.length === 0) {
    throw new InvalidOptionError('voice', 'used with a provider that can call (TwilioProvider, VonageProvider with applicationId and privateKey, CustomHttpProvider with voice, ConsoleProvider)', `providers ${providers.map((provider) => provider.name).join(', ')}`);
  }
  return Object.freeze(callers);
}

function resolveSecret(secret: unknown, production: boolean, developmentDefaults: string[]): string | Buffer {
  if (secret === undefined || secret === '') {
    if (production) throw new InvalidOptionError('secret', 'set when NODE_ENV=production (at least 16 characters, shared by every instance)');
    developmentDefaults.push('a random secret');
    return randomBytes(32);
  }
  if ((typeof secret !== 'string' && !Buffer.isBuffer(secret)) || secret.length < MIN_SECRET_LENGTH) {
    throw new InvalidOptionError('secret', `a string or Buffer of at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

/** A code cannot outlive its sign-in, so the sign-in waits at least as long as a code works. */
function resolvePendingTimeout(seconds: unknown, expirySeconds: number): number {
  const [min, max] = RANGES.pendingTimeoutSeconds;
  return optional.integer('pendingTimeoutSeconds', seconds, Math.max(min, expirySeconds), max, Math.max(DEFAULTS.pendingTimeoutSeconds, expirySeconds));
}

function resolveDomain(domain: unknown): string | undefined {
  const value = optional.string('webOtpDomain', domain, undefined);
  if (value !== undefined && !DOMAIN.test(value)) {
    throw new InvalidOptionError('webOtpDomain', 'a host name such as "example.com" (no scheme, path or spaces)');
  }
  return value;
}

function resolveSerializer(serializer: unknown): UserSerializer {
  // passport is a peer dependency, loaded only when the app does not hand its own Authenticator.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (serializer === undefined) return require('passport') as UserSerializer;
  const candidate = serializer as Partial<UserSerializer>;
  if (typeof candidate?.serializeUser !== 'function' || typeof candidate.deserializeUser !== 'function') {
    throw new InvalidOptionError('passport', 'a Passport Authenticator (with serializeUser and deserializeUser)');
  }
  return candidate as UserSerializer;
}

function resolveVerify(verify: unknown, passReqToCallback: boolean): ConfirmSignIn {
  if (verify === undefined) return confirmEveryone;
  return verifyCallback(required.function('verify', verify, 'a function (user, done), or (req, user, done) with passReqToCallback'), passReqToCallback);
}

function readMobileProperty(user: unknown): string | undefined {
  const mobile = (user as { mobile?: unknown } | null | undefined)?.mobile;
  return typeof mobile === 'string' ? mobile : undefined;
}
