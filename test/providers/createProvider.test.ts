import { InvalidOptionError } from '../../lib/errors';
import { ConsoleProvider } from '../../lib/providers/ConsoleProvider';
import { CustomHttpProvider } from '../../lib/providers/CustomHttpProvider';
import { TwilioProvider } from '../../lib/providers/TwilioProvider';
import { VonageProvider } from '../../lib/providers/VonageProvider';
import { createProvider, type ProviderConfig } from '../../lib/providers/createProvider';
import { startGatewayEmulator, type GatewayEmulator } from '../support/httpGatewayEmulator';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const SECRET = 'top-secret-value-123';

function errorOf(build: () => unknown): InvalidOptionError {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidOptionError);
    return err as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('createProvider', () => {
  it.each([
    [{ type: 'twilio', accountSid: ACCOUNT_SID, authToken: SECRET, sender: '+15017122661' }, TwilioProvider],
    [{ type: 'vonage', apiKey: 'key', apiSecret: SECRET, sender: 'MyApp' }, VonageProvider],
    [{ type: 'custom', url: 'https://sms.example.com/send', payloadTemplate: 'Body={{body}}&To={{mobile}}', contentType: 'FORM' }, CustomHttpProvider],
    [{ type: 'console' }, ConsoleProvider],
  ] as [ProviderConfig, new (...args: never[]) => unknown][])('builds a %o provider', (config, expected) => {
    expect(createProvider(config)).toBeInstanceOf(expected);
  });

  it.each([
    [{ type: 'twilio' }, 'accountSid, authToken, sender'],
    [{ type: 'twilio', authToken: SECRET, sender: ' ' }, 'accountSid, sender'],
    [{ type: 'vonage', sender: 'MyApp' }, 'apiKey, apiSecret'],
    [{ type: 'custom', contentType: 'JSON' }, 'url, payloadTemplate'],
  ])('names each missing field of %o in one error', (config, names) => {
    const err = errorOf(() => createProvider(config as ProviderConfig));

    expect(err.option).toBe(names);
    expect(err.message).not.toContain(SECRET);
  });

  it('refuses an unknown type', () => {
    expect(errorOf(() => createProvider({ type: 'smoke-signals' } as never)).option).toBe('type');
  });
});

describe('createProvider.fromEnv', () => {
  let gateway: GatewayEmulator;
  beforeAll(async () => {
    gateway = await startGatewayEmulator();
  });
  afterAll(() => gateway.close());

  it('returns undefined when SMS_PROVIDER is unset or blank', () => {
    expect(createProvider.fromEnv({})).toBeUndefined();
    expect(createProvider.fromEnv({ SMS_PROVIDER: ' ' })).toBeUndefined();
  });

  it('builds each provider type from its variables', () => {
    expect(
      createProvider.fromEnv({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: SECRET, TWILIO_SENDER: '+15017122661' }),
    ).toBeInstanceOf(TwilioProvider);
    expect(createProvider.fromEnv({ SMS_PROVIDER: 'Vonage', VONAGE_API_KEY: 'key', VONAGE_API_SECRET: SECRET, VONAGE_SENDER: 'MyApp' })).toBeInstanceOf(
      VonageProvider,
    );
    expect(createProvider.fromEnv({ SMS_PROVIDER: 'console' })).toBeInstanceOf(ConsoleProvider);
  });

  it('builds a custom provider that sends what the variables describe', async () => {
    const provider = createProvider.fromEnv({
      SMS_PROVIDER: 'custom',
      SMS_PROVIDER_URL: `${gateway.origin}/send`,
      SMS_PROVIDER_CONTENT_TYPE: 'FORM',
      SMS_PROVIDER_METHOD: 'PUT',
      SMS_PROVIDER_PAYLOAD_TEMPLATE: 'Body={{body}}&To={{mobile}}',
      SMS_PROVIDER_HEADERS: 'authorisation: qwer1234asdfzxcv, x-csrf: true',
    }) as CustomHttpProvider;

    await provider.send({ to: '+1234567890', body: 'Verification Code: 769317', channel: 'sms' as const, locale: 'en' });
    await provider.close();
    const [request] = gateway.received;
    expect(request).toMatchObject({ method: 'PUT', path: '/send', body: 'Body=Verification+Code%3A+769317&To=%2B1234567890' });
    expect(request.headers).toMatchObject({ authorisation: 'qwer1234asdfzxcv', 'x-csrf': 'true' });
  });

  it.each([
    [{ SMS_PROVIDER: 'twilio', TWILIO_AUTH_TOKEN: SECRET }, 'TWILIO_ACCOUNT_SID, TWILIO_SENDER'],
    [{ SMS_PROVIDER: 'vonage', VONAGE_SENDER: 'MyApp' }, 'VONAGE_API_KEY, VONAGE_API_SECRET'],
    [{ SMS_PROVIDER: 'custom' }, 'SMS_PROVIDER_URL, SMS_PROVIDER_PAYLOAD_TEMPLATE'],
  ])('names each missing variable in one error (%o)', (env, names) => {
    const err = errorOf(() => createProvider.fromEnv(env));

    expect(err.option).toBe(names);
    expect(err.message).not.toContain(SECRET);
  });

  it('names the variable holding an invalid value, without the value', () => {
    const err = errorOf(() =>
      createProvider.fromEnv({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: SECRET, TWILIO_AUTH_TOKEN: SECRET, TWILIO_SENDER: '+15017122661' }),
    );

    expect(err.option).toBe('TWILIO_ACCOUNT_SID');
    expect(err.message).not.toContain(SECRET);
  });

  it('names SMS_PROVIDER_HEADERS for a header with a line break', () => {
    const err = errorOf(() =>
      createProvider.fromEnv({
        SMS_PROVIDER: 'custom',
        SMS_PROVIDER_URL: 'https://sms.example.com',
        SMS_PROVIDER_PAYLOAD_TEMPLATE: '{"to": {{mobile}}, "text": {{body}}}',
        SMS_PROVIDER_HEADERS: 'x-key: abc\r\nx-evil: 1',
      }),
    );

    expect(err.option).toBe('SMS_PROVIDER_HEADERS.x-key');
  });

  it('refuses an unknown SMS_PROVIDER', () => {
    expect(errorOf(() => createProvider.fromEnv({ SMS_PROVIDER: 'pigeon' })).option).toBe('SMS_PROVIDER');
  });
});
