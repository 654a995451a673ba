import express, { type ErrorRequestHandler } from 'express';
import passport from 'passport';
import request from 'supertest';
import {
  ConsoleProvider,
  CustomHttpProvider,
  InvalidOptionError,
  SmsOtpError,
  SmsOtpStrategy,
  TwilioProvider,
  VonageProvider,
  createProvider,
  smsOtpMetrics,
} from '../lib';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import { DEFAULT_MESSAGES } from '../lib/i18n/messages';
import { RedisOtpStore } from '../lib/store';

const provider = new ConsoleProvider({ write: () => undefined });
const secret = 'test-secret-with-enough-length';

function build(options: Record<string, unknown>) {
  return () => new SmsOtpStrategy({ provider, secret, ...options } as never);
}

describe('strict options', () => {
  it.each([
    [{ otpLenght: 6 }, 'Unknown option "otpLenght": did you mean "otpLength"?'],
    [{ expiry: 300 }, 'Unknown option "expiry": did you mean "expirySeconds"?'],
    [{ OTPLength: 6 }, 'Unknown option "OTPLength": did you mean "otpLength"?'],
    [{ cooldown: 10 }, 'Unknown option "cooldown": did you mean "resendCooldownSeconds"?'],
    [{ maxAttempt: 3 }, 'Unknown option "maxAttempt": did you mean "maxAttempts"?'],
    [{ sendQuotas: { perNumbr: { max: 1, windowSeconds: 60 } } }, 'Unknown option "sendQuotas.perNumbr": did you mean "sendQuotas.perNumber"?'],
    [{ sendQuotas: { perUser: { max: 1, window: 60 } } }, 'Unknown option "sendQuotas.perUser.window": did you mean "sendQuotas.perUser.windowSeconds"?'],
    [{ lockout: { maxFailure: 3 } }, 'Unknown option "lockout.maxFailure": did you mean "lockout.maxFailures"?'],
    [{ fields: { cod: 'otp' } }, 'Unknown option "fields.cod": did you mean "fields.code"?'],
    [{ enrollment: { saveMobile: () => undefined, isAlowed: () => true } }, 'Unknown option "enrollment.isAlowed": did you mean "enrollment.isAllowed"?'],
    [{ rememberDevice: { day: 3 } }, 'Unknown option "rememberDevice.day": did you mean "rememberDevice.days"?'],
  ])('refuses %p, naming the closest known option', (options, message) => {
    const attempt = build(options);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });

  it('lists the known options when none is near', () => {
    expect(build({ lockout: { colour: 'red' } })).toThrow(
      'Unknown option "lockout.colour": the options here are "lockout.maxFailures", "lockout.durationSeconds", "lockout.failureWindowSeconds", "lockout.maxConsecutiveFailures".',
    );
    expect(build({ zzz: 1 })).toThrow(/^Unknown option "zzz": the options here are "provider", "secret", /);
  });

  it('names the unknown option in the error fields too', () => {
    try {
      build({ otpLenght: 6 })();
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toMatchObject({ name: 'InvalidOptionError', option: 'otpLenght', expected: 'otpLength' });
    }
  });

  it.each([
    ['TwilioProvider', () => new TwilioProvider({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'token', sender: '+15017122661', timeout: 5 } as never), 'Unknown option "timeout": did you mean "timeoutMs"?'],
    ['VonageProvider', () => new VonageProvider({ apiKey: 'key', apiSecret: 'secret', sender: 'Acme', restHots: 'http://x' } as never), 'Unknown option "restHots": did you mean "restHost"?'],
    ['CustomHttpProvider', () => new CustomHttpProvider({ url: 'https://sms.example/', payloadTemplate: '{"to": {{mobile}}, "text": {{body}}}', header: 'a: b' } as never), 'Unknown option "header": did you mean "headers"?'],
    ['ConsoleProvider', () => new ConsoleProvider({ writ: () => undefined } as never), 'Unknown option "writ": did you mean "write"?'],
    ['createProvider', () => createProvider({ type: 'twilio', acountSid: 'x', authToken: 'y', sender: '+15017122661' } as never), 'Unknown option "acountSid": did you mean "accountSid"?'],
    ['RedisOtpStore', () => new RedisOtpStore({ client: undefined, prefx: 'x:' } as never), 'Unknown option "RedisOtpStore.prefx": did you mean "RedisOtpStore.prefix"?'],
    ['smsOtpMetrics', () => smsOtpMetrics({ registry: undefined } as never), 'Unknown option "smsOtpMetrics.registry": did you mean "smsOtpMetrics.register"?'],
    ['requireRecent', () => build({})().requireRecent({ maxAge: 60 } as never), 'Unknown option "requireRecent.maxAge": did you mean "requireRecent.maxAgeSeconds"?'],
    ['afterFirstFactor', () => build({})().afterFirstFactor({ redirectTo: '/login/sms', succesRedirect: '/' } as never), 'Unknown option "afterFirstFactor.succesRedirect": did you mean "afterFirstFactor.successRedirect"?'],
    [
      'changeMobile',
      () => build({ enrollment: { saveMobile: () => undefined } })().changeMobile({ successRedirect: '/', maxAge: 60 } as never),
      'Unknown option "changeMobile.maxAge": did you mean "changeMobile.maxAgeSeconds"?',
    ],
  ])('%s refuses an unknown option', (_name, attempt, message) => {
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });
});

describe('placeholders', () => {
  it('refuses an unknown placeholder in messageTemplate, which would be texted as written', () => {
    expect(build({ messageTemplate: 'Your code is {{cod}}.' })).toThrow(
      'Option "messageTemplate" must be a text whose placeholders are among {{code}}, {{appName}}, {{expiry}}; got {{cod}}.',
    );
    expect(build({ messageTemplate: '{{appName}}: {{ code }} (valid {{expiry}})' })).not.toThrow();
  });

  it("allows in each message the placeholders of its English text, and {{count}} in plural ones", () => {
    expect(build({ messages: { sentTo: 'Code envoyé au {{mobile}}.' } })).not.toThrow();
    expect(build({ messages: { resendTooSoon_one: 'Attendez {{count}} seconde.' } })).not.toThrow();
    expect(build({ messages: { title: 'Code for {{mobile}}' } })).toThrow('Option "messages.title" must be a text whose placeholders are among none; got {{mobile}}.');
    expect(build({ messages: { sentTo: 'Sent to {{mobil}}.' } })).toThrow('Option "messages.sentTo" must be a text whose placeholders are among {{mobile}}; got {{mobil}}.');
  });

  it('checks the texts of added locales the same way', () => {
    expect(build({ locales: { it: { messages: { sentTo: 'Inviato a {{numero}}.' } } } })).toThrow(
      'Option "locales.it.messages.sentTo" must be a text whose placeholders are among {{mobile}}; got {{numero}}.',
    );
    expect(build({ locales: { it: { messageTemplate: 'Codice {{code}} per {{app}}' } } })).toThrow('got {{app}}.');
    expect(build({ locales: { it: { durations: { hour_one: '{{count}} ora {{n}}' } } } })).toThrow(
      'Option "locales.it.durations.hour_one" must be a text whose placeholders are among {{count}}; got {{n}}.',
    );
    expect(build({ locales: { pl: { messages: { wrongCode_few: 'Zły kod. Zostały {{count}} próby.' } } } })).not.toThrow();
  });

  it('lets every shipped translation through the same check', () => {
    for (const locale of Object.values(SHIPPED_LOCALES)) {
      const messages = Object.fromEntries(Object.entries(locale.messages).filter(([key]) => key in DEFAULT_MESSAGES));
      expect(build({ messages, messageTemplate: locale.messageTemplate })).not.toThrow();
    }
  });
});

describe('getMobile', () => {
  it('is an option, and the verify callback is the only function argument', () => {
    const getMobile = () => '+12015550123';
    expect(() => new SmsOtpStrategy({ provider, secret, getMobile })).not.toThrow();
    expect(() => new SmsOtpStrategy({ provider, secret, getMobile }, (user, done) => done(null, user))).not.toThrow();
    expect(() => new SmsOtpStrategy({ provider, secret, passReqToCallback: 'yes' as never })).toThrow('Option "passReqToCallback" must be');
  });
});

describe('errors', () => {
  it('makes InvalidOptionError a TypeError, and not an SmsOtpError', () => {
    const err = new InvalidOptionError('otpLength', 'an integer from 4 to 10');
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(SmsOtpError);
  });

  it.each([
    ['afterFirstFactor', (strategy: SmsOtpStrategy) => strategy.afterFirstFactor({ redirectTo: '/login/sms' })],
    ['requireRecent', (strategy: SmsOtpStrategy) => strategy.requireRecent()],
    ['changeMobile', (strategy: SmsOtpStrategy) => strategy.changeMobile({ successRedirect: '/account' })],
    ['passport.authenticate', (strategy: SmsOtpStrategy) => passport.authenticate(strategy)],
  ])('passes an SmsOtpError to next() from %s without a session', async (_name, middleware) => {
    const strategy = new SmsOtpStrategy({ provider, secret, enrollment: { saveMobile: () => undefined } });
    const errors: unknown[] = [];
    const app = express();
    app.use((req, _res, next) => {
      (req as { user?: unknown }).user = { id: 'u1' };
      next();
    });
    app.all('/', middleware(strategy));
    app.use(((err, _req, res, _next) => {
      errors.push(err);
      res.status(500).end();
    }) as ErrorRequestHandler);

    await request(app).get('/').expect(500);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SmsOtpError);
    expect((errors[0] as Error).message).toMatch(/needs session support/);
  });
});
