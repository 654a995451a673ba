import request from 'supertest';
import { InvalidOptionError, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import { alice, createTestApp, Outbox, passFirstFactor, type TestUser } from './support/testApp';

const { de, es, fr } = SHIPPED_LOCALES;

/** A strategy built only for its constructor's checks and warnings. */
function strategyWith(options: SmsOtpOptions): SmsOtpStrategy {
  return new SmsOtpStrategy({ provider: new Outbox().provider(), secret: 'test-secret-with-enough-length', ...options });
}

/** An agent whose every request says `acceptLanguage`, as a browser set to that language does. */
function browser(app: Parameters<typeof request.agent>[0], acceptLanguage: string) {
  return request.agent(app).set('Accept-Language', acceptLanguage);
}

describe('the language of each request', () => {
  it('follows Accept-Language: fr-CA,fr;q=0.9,en;q=0.5 gets the French prompt, <html lang="fr"> and a French SMS', async () => {
    const { app, outbox } = createTestApp();
    const page = await passFirstFactor(browser(app, 'fr-CA,fr;q=0.9,en;q=0.5'));
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(page.text).toContain(`<title>${fr.messages.title}</title>`);
    expect(page.text).toContain('Il reste 5 tentatives.');
    const code = outbox.latestCode();
    expect(outbox.messages[0].body).toBe(`Votre code à usage unique pour Acme est ${code}, valable 5 minutes.`);
  });

  it('falls back to English for a language no locale has', async () => {
    const { app, outbox } = createTestApp();
    const page = await passFirstFactor(browser(app, 'it-IT,it;q=0.9'));
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page.text).toContain('<title>Enter your verification code</title>');
    expect(outbox.messages[0].body).toMatch(/^Your one-time password for Acme is \d{6}\. It expires in 5 minutes\.$/);
  });

  it('writes failure messages in the language, durations included', async () => {
    const { app } = createTestApp({ strategy: { sendQuotas: { perUser: { max: 1, windowSeconds: 900 } } } });
    const agent = browser(app, 'fr');
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: '000000' }).expect(302);
    expect((await agent.get('/login/sms')).text).toContain('Ce code est incorrect. Il reste 4 tentatives.');

    const refused = await passFirstFactor(agent);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Trop de codes ont été envoyés à ce compte ou à ce numéro. Réessayez dans 15 minutes.');
  });

  it('is decided again on every request: a user who switches to Spanish mid-flow gets the next text in Spanish', async () => {
    const { app, outbox } = createTestApp({ strategy: { resendCooldownSeconds: 0 } });
    const agent = request.agent(app);
    await agent.post('/login').type('form').send({ username: 'alice', password: alice.password }).expect(303);
    const first = await agent.get('/login/sms').set('Accept-Language', 'fr').expect(200);
    expect(first.text).toContain('<html lang="fr">');
    expect(outbox.messages[0].body).toContain('Votre code');

    await agent.post('/login/sms').set('Accept-Language', 'es').type('form').send({ resend: '1' }).expect(303);
    const code = outbox.latestCode();
    expect(outbox.messages[1].body).toBe(`Tu contraseña de un solo uso para Acme es ${code}. Expira en 5 minutos.`);
    const page = await agent.get('/login/sms').set('Accept-Language', 'es').expect(200);
    expect(page.text).toContain('<html lang="es">');
    expect(page.text).toContain(es.messages.resent.replace('{{mobile}}', '•••••••0123'));
  });

  it('says a 1-second cooldown in the singular', async () => {
    const { app } = createTestApp({ strategy: { resendCooldownSeconds: 1 } });
    const english = await passFirstFactor(request.agent(app));
    expect(english.text).toContain('You can ask for a new code in 1 second.');
    const german = await passFirstFactor(browser(app, 'de'));
    expect(german.text).toContain('Sie können in 1 Sekunde einen neuen Code anfordern.');
  });

  it('carries the language in events', async () => {
    const events: SmsOtpEvent[] = [];
    const { app, outbox } = createTestApp({ strategy: { onEvent: (event) => void events.push(event) } });
    const agent = browser(app, 'de-AT, de;q=0.9');
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    expect(events.map(({ type, locale }) => ({ type, locale }))).toEqual([
      { type: 'sent', locale: 'de' },
      { type: 'verified', locale: 'de' },
    ]);
  });

  it('texts the notice of a number change to the old number in the language', async () => {
    const users: TestUser[] = [{ ...alice }];
    const { app, outbox } = createTestApp({
      users,
      strategy: { enrollment: { saveMobile: (user, mobile) => void ((user as TestUser).mobile = mobile) } },
    });
    const agent = browser(app, 'de');
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    expect((await agent.get('/account/mobile').expect(200)).text).toContain(de.messages.changeTitle);
    await agent.post('/account/mobile').type('form').send({ mobile: '+1 201 555 0177' }).expect(303);
    await agent.post('/account/mobile').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account');
    const notice = outbox.messages.find((message) => message.to === '+12015550123' && !message.body.includes('Einmalpasswort'));
    expect(notice?.body).toBe('Die Mobilnummer für Acme wurde geändert. Wenn Sie das nicht waren, wenden Sie sich an den Support.');
  });
});

describe('the locale option', () => {
  const withLanguages: (TestUser & { language?: string })[] = [
    { ...alice, language: 'de' },
    { id: 'u2', username: 'bob', password: 'correct-horse', mobile: '+1 201 555 0144' },
  ];

  it("asks a function with the user being verified, on every page and text, over the browser's language", async () => {
    const { app, outbox } = createTestApp({ users: withLanguages, strategy: { locale: (_req, user) => (user as { language?: string }).language } });
    const agent = browser(app, 'fr');
    const page = await passFirstFactor(agent, withLanguages[0]);
    expect(page.text).toContain('<html lang="de">');
    expect(outbox.messages[0].body).toMatch(/^Ihr Einmalpasswort für Acme lautet \d{6}\. Es gilt 5 Minuten\.$/);
    const reload = await agent.get('/login/sms');
    expect(reload.text).toContain(`<title>${de.messages.title}</title>`);
  });

  it('takes the browser language when the function answers undefined, or a tag no locale matches; a regional tag finds its language', async () => {
    const answers: Record<string, string | undefined> = { u1: 'it', u2: undefined };
    const locale: SmsOtpOptions['locale'] = (_req, user) => answers[(user as TestUser).id];
    const { app } = createTestApp({ users: withLanguages, strategy: { locale } });
    expect((await passFirstFactor(browser(app, 'es'), withLanguages[0])).text).toContain('<html lang="es">');
    expect((await passFirstFactor(browser(app, 'fr'), withLanguages[1])).text).toContain('<html lang="fr">');
    answers.u1 = 'pt-BR';
    expect((await passFirstFactor(browser(app, 'es'), withLanguages[0])).text).toContain('<html lang="pt">');
  });

  it('asks a function only with a user: a lapsed sign-in, with no user to ask about, takes the browser language', async () => {
    let now = Date.now();
    const asked: unknown[] = [];
    const locale = (_req: unknown, user: { language?: string }) => {
      asked.push(user);
      return user.language;
    };
    const { app } = createTestApp({ users: withLanguages, strategy: { locale: locale as SmsOtpOptions['locale'], clock: () => now } });
    const agent = browser(app, 'fr');
    expect((await passFirstFactor(agent, withLanguages[0])).text).toContain('<html lang="de">');
    now += 601_000;
    await agent.get('/login/sms').expect(303).expect('Location', '/login');
    expect((await agent.get('/session-messages').expect(200)).body).toEqual([fr.messages.signInExpired]);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((user) => user === withLanguages[0])).toBe(true);
  });

  it('fixes the language with a tag, whatever the browser says', async () => {
    const { app, outbox } = createTestApp({ strategy: { locale: 'es' } });
    const page = await passFirstFactor(browser(app, 'fr'));
    expect(page.text).toContain('<html lang="es">');
    expect(outbox.messages[0].body).toContain('Tu contraseña de un solo uso');
  });

  it('refuses a tag that is not available or not well-formed', () => {
    const build = (options: SmsOtpOptions) => () => strategyWith(options);
    expect(build({ locale: 'it' })).toThrow(InvalidOptionError);
    expect(build({ locale: 'it' })).toThrow(/Option "locale" must be 'auto', a function, or an available locale \(en, es, fr, de, pt;/);
    expect(build({ locale: 'it', locales: { it: {} } })).not.toThrow();
    expect(build({ locales: { 'not a tag': {} } })).toThrow('Option "locales.not a tag" must be named by a BCP 47 language tag such as "it" or "pt-BR".');
    expect(build({ locales: { fr: { title: 'x' } as never } })).toThrow(
      'Unknown option "locales.fr.title": the options here are "locales.fr.messages", "locales.fr.messageTemplate", "locales.fr.durations", "locales.fr.defaultAppName".',
    );
    expect(build({ locales: { it: { messageTemplate: 'Codice' } } })).toThrow('Option "locales.it.messageTemplate" must be a text containing {{code}}; got a text without it.');
    expect(build({ locales: { it: { durations: { hour_one: 'un\'ora' } } } })).toThrow('Option "locales.it.durations.hour_one" must be a text containing {{count}}; got a text without it.');
    expect(build({ messages: { resendWait: 'x' } as never })).toThrow('Option "messages.resendWait" must be split into resendWait_one and resendWait_other (a singular and a plural).');
  });
});

describe('the locales option', () => {
  it('adds a locale, English key by key where it says nothing, with its own durations and app name', async () => {
    const { app, outbox } = createTestApp({
      strategy: {
        appName: undefined,
        locales: {
          it: {
            messages: { title: 'Inserisci il codice di verifica' },
            messageTemplate: 'Il codice per {{appName}} è {{code}}. Scade tra {{expiry}}.',
            durations: { minute_one: '{{count}} minuto', minute_other: '{{count}} minuti' },
            defaultAppName: 'il tuo account',
          },
        },
      },
    });
    const page = await passFirstFactor(browser(app, 'it-IT,it;q=0.9,en;q=0.5'));
    expect(page.text).toContain('<html lang="it">');
    expect(page.text).toContain('<title>Inserisci il codice di verifica</title>');
    expect(page.text).toContain('<button type="submit">Continue</button>');
    expect(outbox.messages[0].body).toMatch(/^Il codice per il tuo account è \d{6}\. Scade tra 5 minuti\.$/);
  });

  it('overrides a shipped locale where it says something, keeping the rest', async () => {
    const { app } = createTestApp({ strategy: { locales: { fr: { messages: { submit: 'Valider' } } } } });
    const page = await passFirstFactor(browser(app, 'fr'));
    expect(page.text).toContain('<button type="submit">Valider</button>');
    expect(page.text).toContain(`<title>${fr.messages.title}</title>`);
  });

  it('leaves the messages and messageTemplate options applying to every locale, and its own text winning over them', async () => {
    const { app, outbox } = createTestApp({
      strategy: {
        messages: { title: 'Acme verification', submit: 'Go' },
        messageTemplate: 'Acme: {{code}}',
        locales: { de: { messages: { submit: 'Los' } } },
      },
    });
    for (const [language, submit] of [['fr', 'Go'], ['es', 'Go'], ['de', 'Los'], ['en', 'Go']]) {
      const page = await passFirstFactor(browser(app, language));
      expect(page.text).toContain('<title>Acme verification</title>');
      expect(page.text).toContain(`<button type="submit">${submit}</button>`);
      expect(outbox.messages.at(-1)?.body).toMatch(/^Acme: \d{6}$/);
    }
  });
});

describe('the SMS cost warning at construction', () => {
  /** The warnings a strategy built with `options` writes to its logger, with their fields. */
  function warningsOf(options: SmsOtpOptions): { fields: Record<string, unknown>; message: string }[] {
    const warnings: { fields: Record<string, unknown>; message: string }[] = [];
    strategyWith({ ...options, logger: { info: () => undefined, error: () => undefined, warn: (fields, message) => void warnings.push({ fields, message }) } });
    return warnings;
  }

  it("names the locale, UCS-2, the segments and the character of a template with 'código'", () => {
    const warnings = warningsOf({ appName: 'Acme', locales: { 'es-MX': { messageTemplate: 'Tu código de {{appName}} es {{code}}.' } } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].fields).toEqual({ strategy: 'sms-otp', locale: 'es-MX', encoding: 'UCS-2', segments: 1, units: 28, ucs2Characters: ['ó'] });
    expect(warnings[0].message).toContain('locale "es-MX"');
    expect(warnings[0].message).toContain('UCS-2');
    expect(warnings[0].message).toContain('1 segment');
    expect(warnings[0].message).toContain('"ó" (U+00F3)');
  });

  it('counts the longest code, the app name, the WebOTP line and the longest expiry wording', () => {
    const template = `${'x'.repeat(100)} {{appName}} {{code}} {{expiry}}`;
    // English: 100 + 1 + 4 + 1 + 10 + 1 + "4 minutes 59 seconds" (20) = 137 septets, one SMS in every locale;
    // the WebOTP line adds 27, past 160 only because a code sent late says "4 minutes 59 seconds", not "5 minutes".
    expect(warningsOf({ messageTemplate: template, otpLength: 10, appName: 'Acme', expirySeconds: 300 })).toEqual([]);
    const withWebOtp = warningsOf({ messageTemplate: template, otpLength: 10, appName: 'Acme', expirySeconds: 300, webOtpDomain: 'acme.example' });
    expect(withWebOtp.map(({ fields }) => [fields.locale, fields.encoding, fields.segments])).toEqual(['en', 'es', 'fr', 'de', 'pt'].map((tag) => [tag, 'GSM-7', 2]));
  });

  it('says nothing for the shipped texts, even with a 10-character code, a 20-character app name and a day of expiry', () => {
    expect(warningsOf({})).toEqual([]);
    expect(warningsOf({ otpLength: 10, appName: 'Acme Online Banking!', expirySeconds: 86_400, pendingTimeoutSeconds: 86_400 })).toEqual([]);
  });
});
