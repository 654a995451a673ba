import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleProvider, InvalidOptionError, SmsOtpStrategy } from '../lib';

const provider = new ConsoleProvider({ write: () => undefined });
const secret = 'test-secret-with-enough-length';

function build(options: Record<string, unknown>) {
  return () => new SmsOtpStrategy({ provider, secret, ...options } as never);
}

describe('options', () => {
  const originalEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
    jest.restoreAllMocks();
  });

  it.each([
    ['otpLength', 3, 'an integer from 4 to 10; got 3'],
    ['otpLength', 11, 'an integer from 4 to 10; got 11'],
    ['otpLength', 6.5, 'an integer from 4 to 10; got 6.5'],
    ['otpLength', '6', 'an integer from 4 to 10; got a string'],
    ['expirySeconds', 0, 'an integer from 1 to 86400; got 0'],
    ['expirySeconds', 86_401, 'an integer from 1 to 86400; got 86401'],
    ['maxAttempts', 0, 'an integer from 1 to 100; got 0'],
    ['maxResends', -1, 'an integer from 0 to 100; got -1'],
    ['resendCooldownSeconds', 3601, 'an integer from 0 to 3600; got 3601'],
    ['pendingTimeoutSeconds', 299, 'an integer from 300 to 86400; got 299'],
    ['numericOnly', 'yes', 'true or false; got a string'],
    ['loginUrl', '', 'a non-empty string; got an empty string'],
    ['appName', 42, 'a non-empty string; got 42'],
    ['secret', 'short', 'a string or Buffer of at least 16 characters'],
    ['messageTemplate', 'Your code', 'a text containing {{code}}; got a text without it'],
    ['webOtpDomain', 'https://acme.example/', 'a host name such as "example.com" (no scheme, path or spaces)'],
    ['onEvent', 'log', 'a function; got a string'],
    ['getMobile', 'mobile', 'a function; got a string'],
    ['provider', [], 'an SMS provider (an object with a name and a send method) or a non-empty list of them'],
    ['provider', { send: () => undefined }, 'an SMS provider (an object with a name and a send method) or a non-empty list of them'],
    ['store', {}, 'an OtpStore such as MemoryOtpStore or RedisOtpStore; got an object without reserveSend, releaseSend, takeQuota, returnQuota, verify, inspect, end, unlock'],
    ['store', { reserveSend() {}, releaseSend() {}, takeQuota() {}, returnQuota() {}, inspect() {} }, 'an OtpStore such as MemoryOtpStore or RedisOtpStore; got an object without verify, end, unlock'],
    ['store', 'redis', 'an OtpStore such as MemoryOtpStore or RedisOtpStore; got a string'],
    ['passport', {}, 'a Passport Authenticator (with serializeUser and deserializeUser)'],
    ['view', '/nowhere/prompt.ejs', 'the path of a readable EJS template (could not read /nowhere/prompt.ejs)'],
  ])('refuses %s = %p with a TypeError naming the option, its range and what it got', (option, value, expected) => {
    const attempt = build({ [option]: value });
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(`Option "${option}" must be ${expected}.`);
  });

  it('refuses a view that does not compile, at start-up', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'view-'));
    const view = path.join(dir, 'prompt.ejs');
    writeFileSync(view, '<p><%= unclosed </p>');
    try {
      expect(build({ view })).toThrow(InvalidOptionError);
      expect(build({ view })).toThrow(`Option "view" must be an EJS template that compiles (${view}: Could not find matching close tag for "<%=".).`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never quotes a string it refuses, which could be a secret', () => {
    expect(build({ secret: 'hunter2' })).not.toThrow(/hunter2/);
    expect(build({ numericOnly: 'hunter2' })).toThrow('Option "numericOnly" must be true or false; got a string.');
  });

  it('keeps a sign-in open at least as long as its code works', () => {
    expect(build({ expirySeconds: 900, pendingTimeoutSeconds: 600 })).toThrow('Option "pendingTimeoutSeconds" must be an integer from 900 to 86400; got 600.');
    const strategy = build({ expirySeconds: 3600 })() as unknown as { settings: { pendingTimeoutMs: number } };
    expect(strategy.settings.pendingTimeoutMs).toBe(3_600_000);
  });

  it('refuses unknown message keys and non-string messages', () => {
    expect(build({ messages: { titel: 'x' } })).toThrow('Unknown option "messages.titel": did you mean "messages.title"?');
    expect(build({ messages: { title: 3 } })).toThrow('Option "messages.title" must be a string; got 3.');
  });

  it('accepts the bounds of every range', () => {
    expect(build({ otpLength: 4, expirySeconds: 1, maxAttempts: 1, maxResends: 0, resendCooldownSeconds: 0, pendingTimeoutSeconds: 60 })).not.toThrow();
    expect(build({ otpLength: 10, expirySeconds: 86_400, maxAttempts: 100, maxResends: 100, resendCooldownSeconds: 3600, pendingTimeoutSeconds: 86_400 })).not.toThrow();
  });

  it('is registered as "sms-otp" unless named otherwise', () => {
    expect(new SmsOtpStrategy({ provider, secret }).name).toBe('sms-otp');
    expect(new SmsOtpStrategy({ provider, secret, name: 'sms' }).name).toBe('sms');
  });

  it('works with no arguments in development, warning once on stderr', () => {
    process.env.NODE_ENV = 'development';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const strategy = new SmsOtpStrategy();
    expect(strategy.name).toBe('sms-otp');
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^passport-sms-otp: development defaults in use \(ConsoleProvider, a random secret\); set them before production\.\n$/);
  });

  it('throws in production without a provider or a secret', () => {
    process.env.NODE_ENV = 'production';
    expect(() => new SmsOtpStrategy({ secret })).toThrow('Option "provider" must be an SMS provider when NODE_ENV=production.');
    expect(() => new SmsOtpStrategy({ provider: { name: 'real', send: async () => undefined } })).toThrow(/Option "secret" must be set when NODE_ENV=production/);
  });

  it('freezes the settings', () => {
    const strategy = new SmsOtpStrategy({ provider, secret });
    const settings = (strategy as unknown as { settings: object }).settings;
    expect(Object.isFrozen(settings)).toBe(true);
  });
});
