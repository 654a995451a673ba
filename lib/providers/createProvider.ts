import { InvalidOptionError } from '../errors';
import { ConsoleProvider } from './ConsoleProvider';
import { CustomHttpProvider, type CustomHttpProviderOptions } from './CustomHttpProvider';
import type { SmsProvider } from './SmsProvider';
import { TwilioProvider, type TwilioProviderOptions } from './TwilioProvider';
import { VonageProvider, type VonageProviderOptions } from './VonageProvider';
import { assertPresent, isBlank } from './optionChecks';

/** Options of the console provider, which prints messages instead of sending them (development only). */
export type ConsoleProviderConfig = NonNullable<ConstructorParameters<typeof ConsoleProvider>[0]>;

/** A provider described as plain data, as read from a configuration file. */
export type ProviderConfig =
  | ({ readonly type: 'twilio' } & TwilioProviderOptions)
  | ({ readonly type: 'vonage' } & VonageProviderOptions)
  | ({ readonly type: 'custom' } & CustomHttpProviderOptions)
  | ({ readonly type: 'console' } & ConsoleProviderConfig);

/** The provider types, in the order errors list them. */
const TYPES = ['twilio', 'vonage', 'custom', 'console'] as const;
type ProviderType = (typeof TYPES)[number];

/** Environment variable of each option, named after the reference product's fields. */
const ENV_NAMES: Readonly<Record<Exclude<ProviderType, 'console'>, Readonly<Record<string, string>>>> = {
  twilio: { accountSid: 'TWILIO_ACCOUNT_SID', authToken: 'TWILIO_AUTH_TOKEN', sender: 'TWILIO_SENDER' },
  vonage: { apiKey: 'VONAGE_API_KEY', apiSecret: 'VONAGE_API_SECRET', sender: 'VONAGE_SENDER' },
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

/**
 * Builds a provider from plain data: `{ type: 'twilio', accountSid, authToken, sender }`,
 * `{ type: 'vonage', ... }`, `{ type: 'custom', ... }` or `{ type: 'console' }`.
 * Missing options are reported together, in one {@link InvalidOptionError}.
 */
export function createProvider(config: ProviderConfig): SmsProvider {
  if (typeof config !== 'object' || config === null) throw new InvalidOptionError('provider', 'an object with a type');
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
      throw new InvalidOptionError('type', `one of ${TYPES.join(', ')}`);
  }
}

/**
 * Builds the provider that environment variables describe, or returns `undefined` when
 * `SMS_PROVIDER` is unset or blank. `SMS_PROVIDER` is `twilio`, `vonage`, `custom` or `console`;
 * the other variables are listed in the README's "SMS providers" section. Errors name the variables, never their values.
 */
function fromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SmsProvider | undefined {
  if (isBlank(env.SMS_PROVIDER)) return undefined;
  const type = String(env.SMS_PROVIDER).trim().toLowerCase();
  if (type === 'console') return createProvider({ type });
  if (type !== 'twilio' && type !== 'vonage' && type !== 'custom') {
    throw new InvalidOptionError('SMS_PROVIDER', `one of ${TYPES.join(', ')}`);
  }
  const names = ENV_NAMES[type];
  const options: Record<string, string | undefined> = {};
  for (const [option, variable] of Object.entries(names)) {
    if (!isBlank(env[variable])) options[option] = env[variable];
  }
  assertPresent(options, REQUIRED[type], `SMS_PROVIDER=${type}`, (option) => names[option]);
  try {
    return createProvider({ type, ...options } as ProviderConfig);
  } catch (err) {
    // Point at the variable to fix rather than the option it feeds.
    if (err instanceof InvalidOptionError) {
      const [option, ...rest] = err.option.split('.');
      if (names[option]) throw new InvalidOptionError([names[option], ...rest].join('.'), err.expected);
    }
    throw err;
  }
}

function withoutType<T extends { type: string }>(config: T): Omit<T, 'type'> {
  const options: Partial<T> = { ...config };
  delete options.type;
  return options as Omit<T, 'type'>;
}

createProvider.fromEnv = fromEnv;
