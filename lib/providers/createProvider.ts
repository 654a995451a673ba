import { InvalidOptionError } from '../errors';
import { describe, isBlank, required } from '../config/validate';
import { ConsoleProvider, type ConsoleProviderOptions } from './ConsoleProvider';
import { CustomHttpProvider, type CustomHttpProviderOptions } from './CustomHttpProvider';
import type { SmsProvider } from './SmsProvider';
import { TwilioProvider, type TwilioProviderOptions } from './TwilioProvider';
import { VonageProvider, type VonageProviderOptions } from './VonageProvider';

/** A provider described as plain data, as read from a configuration file. */
export type ProviderConfig =
  | ({ readonly type: 'twilio' } & TwilioProviderOptions)
  | ({ readonly type: 'vonage' } & VonageProviderOptions)
  | ({ readonly type: 'custom' } & CustomHttpProviderOptions)
  | ({ readonly type: 'console' } & ConsoleProviderOptions);

/** The provider types, in the order errors list them. */
const TYPES = ['twilio', 'vonage', 'custom', 'console'] as const;
type ProviderType = (typeof TYPES)[number];

/** Environment variable of each option, named after the reference product's fields. */
const ENV_NAMES: Readonly<Record<Exclude<ProviderType, 'console'>, Readonly<Record<string, string>>>> = {
  twilio: { accountSid: 'TWILIO_ACCOUNT_SID', authToken: 'TWILIO_AUTH_TOKEN', sender: 'TWILIO_SENDER' },
  vonage: {
    apiKey: 'VONAGE_API_KEY',
    apiSecret: 'VONAGE_API_SECRET',
    sender: 'VONAGE_SENDER',
    signatureSecret: 'VONAGE_SIGNATURE_SECRET',
    signatureMethod: 'VONAGE_SIGNATURE_METHOD',
    applicationId: 'VONAGE_APPLICATION_ID',
    privateKey: 'VONAGE_PRIVATE_KEY',
    voiceSender: 'VONAGE_VOICE_SENDER',
  },
  custom: {
    url: 'SMS_PROVIDER_URL',
    contentType: 'SMS_PROVIDER_CONTENT_TYPE',
    method: 'SMS_PROVIDER_METHOD',
    payloadTemplate: 'SMS_PROVIDER_PAYLOAD_TEMPLATE',
    headers: 'SMS_PROVIDER_HEADERS',
  },
};

/** Checked here too so that the error names environment variables. */
const REQUIRED: Readonly<Record<Exclude<ProviderType, 'console'>, readonly string[]>> = {
  twilio: ['accountSid', 'authToken', 'sender'],
  vonage: ['apiKey', 'apiSecret', 'sender'],
  custom: ['url', 'payloadTemplate'],
};

/** {@link createProvider}'s type: a function, with {@link providerFromEnv} as its `fromEnv`. */
export interface CreateProvider {
  /**
   * Builds a provider from plain data: `{ type: 'twilio', accountSid, authToken, sender }`,
   * `{ type: 'vonage', ... }`, `{ type: 'custom', ... }` or `{ type: 'console' }`.
   *
   * @throws {InvalidOptionError} naming every missing option at once, or the first wrong or unknown one.
   */
  (config: ProviderConfig): SmsProvider;
  /**
   * The provider the environment variables describe, or `undefined` when `SMS_PROVIDER` is unset:
   * the same function as {@link providerFromEnv}.
   *
   * @example const provider = createProvider.fromEnv() ?? new ConsoleProvider();
   */
  readonly fromEnv: typeof providerFromEnv;
}

/**
 * Builds a provider from plain data: `{ type: 'twilio', accountSid, authToken, sender }`,
 * `{ type: 'vonage', ... }`, `{ type: 'custom', ... }` or `{ type: 'console' }`.
 * Missing options are reported together, in one {@link InvalidOptionError}.
 * `createProvider.fromEnv()` is {@link providerFromEnv}.
 *
 * @example const provider = createProvider({ type: 'twilio', accountSid, authToken, sender: '+15017122661' });
 * @throws {InvalidOptionError} naming every missing option at once, or the first wrong or unknown one.
 */
export const createProvider: CreateProvider = Object.assign(fromConfig, { fromEnv: providerFromEnv });

function fromConfig(config: ProviderConfig): SmsProvider {
  if (typeof config !== 'object' || config === null) throw new InvalidOptionError('provider', 'an object with a type', describe(config));
  switch (config.type) {
    case 'twilio':
      return new TwilioProvider(withoutType(config));
    case 'vonage':
      return new VonageProvider(withoutType(config));
    case 'custom':
      return new CustomHttpProvider(withoutType(config));
    case 'console':
      return new ConsoleProvider(withoutType(config));
    default:
      throw new InvalidOptionError('type', `one of ${TYPES.join(', ')}`, describe((config as { type?: unknown }).type));
  }
}

/**
 * Builds the provider that environment variables describe, or returns `undefined` when
 * `SMS_PROVIDER` is unset or blank. `SMS_PROVIDER` is `twilio`, `vonage`, `custom` or `console`;
 * the other variables are listed in docs/reference/providers.md. Also reachable as
 * `createProvider.fromEnv()`.
 *
 * @param env - Where to read the variables. Default `process.env`.
 * @example const provider = providerFromEnv() ?? new ConsoleProvider();
 * @throws {InvalidOptionError} naming the variables to fix (every missing one at once), never their values.
 */
export function providerFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SmsProvider | undefined {
  if (isBlank(env.SMS_PROVIDER)) return undefined;
  const type = String(env.SMS_PROVIDER).trim().toLowerCase();
  if (type === 'console') return fromConfig({ type });
  if (type !== 'twilio' && type !== 'vonage' && type !== 'custom') {
    throw new InvalidOptionError('SMS_PROVIDER', `one of ${TYPES.join(', ')}`);
  }
  const names = ENV_NAMES[type];
  const options: Record<string, string | undefined> = {};
  for (const [option, variable] of Object.entries(names)) {
    if (!isBlank(env[variable])) options[option] = env[variable];
  }
  required.present(`SMS_PROVIDER=${type}`, options, REQUIRED[type], (option) => names[option]);
  try {
    return fromConfig({ type, ...options } as ProviderConfig);
  } catch (err) {
    // Point at the variable to fix rather than the option it feeds.
    if (err instanceof InvalidOptionError) {
      const [option, ...rest] = err.option.split('.');
      if (names[option]) throw new InvalidOptionError([names[option], ...rest].join('.'), err.expected, err.received);
    }
    throw err;
  }
}

function withoutType<T extends { type: string }>(config: T): Omit<T, 'type'> {
  const options: Partial<T> = { ...config };
  delete options.type;
  return options as Omit<T, 'type'>;
}
