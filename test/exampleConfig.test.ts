import { loadConfig } from '../example-app/config';

const SECRET = 'a-secret-of-at-least-16-characters';

describe('the example app configuration', () => {
  it('runs on embedded defaults in development, generating secrets with a warning', () => {
    const warnings: string[] = [];
    const config = loadConfig({}, (text) => warnings.push(text));
    expect(config).toMatchObject({ production: false, port: 3000, trustProxy: false, redisUrl: undefined, smsProvider: undefined });
    expect(config.sessionSecret).toHaveLength(64);
    expect(config.smsOtpSecret).not.toBe(config.sessionSecret);
    expect(warnings.join('\n')).toMatch(/SESSION_SECRET is not set[\s\S]*SMS_OTP_SECRET is not set/);
  });

  it('reads PORT, TRUST_PROXY, REDIS_URL and SMS_PROVIDER', () => {
    const config = loadConfig(
      { PORT: '4000', TRUST_PROXY: '1', REDIS_URL: 'redis://127.0.0.1:6379', SMS_PROVIDER: 'twilio', SESSION_SECRET: SECRET, SMS_OTP_SECRET: SECRET },
      () => {
        throw new Error('no warning expected');
      },
    );
    expect(config).toMatchObject({ port: 4000, trustProxy: 1, redisUrl: 'redis://127.0.0.1:6379', smsProvider: 'twilio' });
  });

  it.each(['SESSION_SECRET', 'SMS_OTP_SECRET'])('requires %s in production', (name) => {
    const env = { NODE_ENV: 'production', SMS_PROVIDER: 'twilio', SESSION_SECRET: SECRET, SMS_OTP_SECRET: SECRET, [name]: '' };
    expect(() => loadConfig(env)).toThrow(`${name} is required when NODE_ENV=production`);
  });

  it('requires a real SMS provider in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SMS_OTP_SECRET: SECRET })).toThrow(/SMS_PROVIDER is required/);
  });

  it('refuses a short secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' }, () => undefined)).toThrow(/SESSION_SECRET must be at least 16 characters/);
  });
});
