import request from 'supertest';
import { fillPlaceholders, placeholdersIn } from '../lib/i18n/fillPlaceholders';
import { humanDuration } from '../lib/i18n/humanDuration';
import { en } from '../lib/i18n/en';
import type { Locale } from '../lib/i18n/Locale';
import { secondsWithLongestWording } from '../lib/sms/longestWording';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import { composeSmsText } from '../lib/sms/composeSmsText';
import { DEFAULT_MESSAGES, MessageCatalog } from '../lib/i18n/messages';
import { smsSegments } from '../lib/sms/smsSegments';
import { ucs2Characters } from '../lib/sms/ucs2Characters';
import { createTestApp, passFirstFactor } from './support/testApp';

const translations = Object.values(SHIPPED_LOCALES).filter((locale) => locale !== en);
const LONGEST_CODE = 'ABCDEFGH23';
const LONGEST_APP_NAME = 'Acme Online Banking!';
const LONGEST_DOMAIN = 'login.acme-online-banking.test';
const MAX_EXPIRY_SECONDS = 86_400;

/** What a text of `english` must have in a language with `categories`: its own keys, and for each plural message one form per category. */
function expectedKeys(english: object, categories: readonly string[]): string[] {
  const keys = new Set(Object.keys(english));
  for (const key of Object.keys(english)) {
    const base = /^(.+)_one$/.exec(key)?.[1];
    if (base) for (const category of categories) keys.add(`${base}_${category}`);
  }
  return [...keys].sort();
}

/** The English text a form is checked against: `wrongCode_many` against `wrongCode_other`. */
function englishOf(english: Record<string, string>, key: string): string {
  return english[key] ?? english[key.replace(/_(zero|two|few|many)$/, '_other')];
}

function categoriesOf(locale: Locale): readonly string[] {
  return new Intl.PluralRules(locale.tag).resolvedOptions().pluralCategories;
}

/** The longest `{{expiry}}` text a locale writes for any allowed expirySeconds; by length, as the words are checked to be 1 septet a character. */
function longestExpiry(locale: Locale): string {
  let longest = '';
  for (let seconds = 1; seconds <= MAX_EXPIRY_SECONDS; seconds += 1) {
    const text = humanDuration(seconds, locale);
    if (text.length > longest.length) longest = text;
  }
  return longest;
}

/** The locale's SMS at its longest: longest code, a 20-character app name, the longest expiry, and optionally a WebOTP line. */
function worstSms(locale: Locale, expiry: string, webOtpDomain?: string): string {
  const text = composeSmsText({ messageTemplate: locale.messageTemplate, appName: LONGEST_APP_NAME, webOtpDomain }, LONGEST_CODE, 1);
  return text.replace(humanDuration(1, locale), expiry);
}

describe('the shipped locales', () => {
  it('ship en, es, fr, de and pt, each under its own tag', () => {
    expect(Object.keys(SHIPPED_LOCALES)).toEqual(['en', 'es', 'fr', 'de', 'pt']);
    for (const [tag, locale] of Object.entries(SHIPPED_LOCALES)) expect(locale.tag).toBe(tag);
  });

  it('keep English exactly as the package wrote it before locales', async () => {
    expect(en.messages).toBe(DEFAULT_MESSAGES);
    const { app, outbox } = createTestApp({ strategy: { expirySeconds: 300 } });
    await passFirstFactor(request.agent(app));
    const code = outbox.latestCode();
    expect(outbox.messages[0].body).toBe(composeSmsText({ messageTemplate: en.messageTemplate, appName: 'Acme', webOtpDomain: undefined }, code, 300));
    const unnamed = createTestApp({ strategy: { appName: undefined } });
    await passFirstFactor(request.agent(unnamed.app));
    expect(unnamed.outbox.messages[0].body).toContain(` for ${en.defaultAppName} is `);
  });

  it.each(translations.map((locale) => [locale.tag, locale] as const))('%s has every message of English, a form for each plural category, and nothing else', (_tag, locale) => {
    expect(Object.keys(locale.messages).sort()).toEqual(expectedKeys(en.messages, categoriesOf(locale)));
    expect(Object.keys(locale.durations).sort()).toEqual(expectedKeys(en.durations, categoriesOf(locale)));
  });

  it.each(translations.map((locale) => [locale.tag, locale] as const))('%s uses the same placeholders as English in every text', (_tag, locale) => {
    const english: Record<string, string> = { ...en.messages, ...en.durations, messageTemplate: en.messageTemplate, defaultAppName: en.defaultAppName };
    const texts: Record<string, string> = { ...locale.messages, ...locale.durations, messageTemplate: locale.messageTemplate, defaultAppName: locale.defaultAppName };
    for (const [key, text] of Object.entries(texts)) {
      expect({ key, placeholders: [...placeholdersIn(text)].sort() }).toEqual({ key, placeholders: [...placeholdersIn(englishOf(english, key))].sort() });
    }
  });

  it.each(translations.map((locale) => [locale.tag, locale] as const))('%s translates every message (none left in English or blank)', (_tag, locale) => {
    const messages: Record<string, string> = { ...locale.messages };
    for (const [key, text] of Object.entries(messages)) {
      expect({ key, text: text.trim() === '' || text === englishOf({ ...en.messages }, key) }).toEqual({ key, text: false });
    }
  });

  it.each(Object.values(SHIPPED_LOCALES).map((locale) => [locale.tag, locale] as const))('%s speaks the code of a call three times, in a short text that reads right with its default app name', (_tag, locale) => {
    const { voiceMessage } = locale.messages;
    expect(voiceMessage.match(/\{\{digits\}\}/g)).toHaveLength(3);
    expect(voiceMessage.match(/\{\{appName\}\}/g)).toHaveLength(1);
    const spoken = fillPlaceholders(voiceMessage, { appName: locale.defaultAppName, digits: 'A B C D E F G H 2 3' });
    expect(spoken.length).toBeLessThanOrEqual(160);
    expect(spoken.toLowerCase()).not.toContain(`${locale.defaultAppName.split(' ')[0]} ${locale.defaultAppName}`);
  });

  it.each(Object.values(SHIPPED_LOCALES).map((locale) => [locale.tag, locale] as const))(
    '%s sends its SMS as one GSM-7 segment with a 10-character code, a 20-character app name and the longest expiry, even with a 30-character WebOTP domain',
    (_tag, locale) => {
      expect(LONGEST_CODE).toHaveLength(10);
      expect(LONGEST_APP_NAME).toHaveLength(20);
      expect(LONGEST_DOMAIN).toHaveLength(30);
      for (const words of Object.values(locale.durations)) {
        const written = fillPlaceholders(words, { count: 10 });
        expect(smsSegments(written)).toEqual({ encoding: 'GSM-7', segments: 1, units: written.length });
      }
      const expiry = longestExpiry(locale);
      const byDefault = fillPlaceholders(locale.messageTemplate, { code: '123456', appName: locale.defaultAppName, expiry: humanDuration(300, locale) });
      for (const text of [byDefault, worstSms(locale, expiry), worstSms(locale, expiry, LONGEST_DOMAIN)]) {
        expect({ text, ucs2: ucs2Characters(text), ...smsSegments(text) }).toMatchObject({ ucs2: [], encoding: 'GSM-7', segments: 1 });
      }
    },
  );
});

describe('the longest wording of an expiry', () => {
  it.each([59, 300, 3_700])('is found for every shipped locale up to %i seconds, as writing each one out finds it', (maxSeconds) => {
    for (const locale of Object.values(SHIPPED_LOCALES)) {
      let longest = '';
      for (let seconds = 1; seconds <= maxSeconds; seconds += 1) {
        const text = humanDuration(seconds, locale);
        if (text.length > longest.length) longest = text;
      }
      expect({ tag: locale.tag, words: humanDuration(secondsWithLongestWording(maxSeconds, locale), locale).length }).toEqual({ tag: locale.tag, words: longest.length });
    }
  });
});

/** The most codes a user can have left: a set holds at most 20 (`recoveryCodes.size`). */
const MOST_CODES_LEFT = 20;

/** Each notice texted to the number on file, with `appName` (and for a used recovery code, every count of codes left). */
function noticesOf(locale: Locale, appName: string): { key: string; text: string }[] {
  const catalog = new MessageCatalog(locale.messages, locale.tag);
  const codesLeft = Array.from({ length: MOST_CODES_LEFT + 1 }, (_, count) => count);
  return [
    { key: 'mobileChangedSms', text: catalog.text('mobileChangedSms', { appName }) },
    { key: 'recoveryCodesCreatedSms', text: catalog.text('recoveryCodesCreatedSms', { appName }) },
    ...codesLeft.map((count) => ({ key: `recoveryCodeUsedSms (${count} left)`, text: catalog.plural('recoveryCodeUsedSms', count, { appName }) })),
  ];
}

describe('the notices texted to the number on file (a number change, a recovery code used, new recovery codes)', () => {
  it.each(Object.values(SHIPPED_LOCALES).map((locale) => [locale.tag, locale] as const))(
    '%s fits each in one GSM-7 SMS with a 20-character app name and any count of codes left, and names the default app name once',
    (_tag, locale) => {
      for (const { key, text } of noticesOf(locale, LONGEST_APP_NAME)) {
        expect({ key, text, ucs2: ucs2Characters(text), ...smsSegments(text) }).toMatchObject({ key, ucs2: [], encoding: 'GSM-7', segments: 1 });
      }
      for (const { key, text } of noticesOf(locale, locale.defaultAppName)) {
        expect({ key, names: text.split(locale.defaultAppName).length - 1 }).toEqual({ key, names: 1 });
      }
    },
  );

  it('says the count of codes left in the singular and the plural, as each language does', () => {
    const used = (locale: Locale, count: number) => new MessageCatalog(locale.messages, locale.tag).plural('recoveryCodeUsedSms', count, { appName: 'Acme' });
    expect(used(en, 1)).toContain('1 code is left.');
    expect(used(en, 0)).toContain('0 codes are left.');
    expect(used(SHIPPED_LOCALES.de, 1)).toContain('Noch 1 Code übrig.');
    expect(used(SHIPPED_LOCALES.fr, 0)).toContain('Il vous reste 0 code.');
    expect(used(SHIPPED_LOCALES.es, 9)).toContain('Te quedan 9 claves.');
    expect(used(SHIPPED_LOCALES.pt, 1)).toContain('Resta 1 senha.');
  });
});

describe('durations in each language', () => {
  it.each([
    ['en', 90, '1 minute 30 seconds'],
    ['en', 3661, '1 hour 1 minute 1 second'],
    ['es', 300, '5 minutos'],
    ['es', 3690, '1 hora, 1 minuto y 30 segundos'],
    ['fr', 90, '1 minute et 30 secondes'],
    ['fr', 7201, '2 heures et 1 seconde'],
    ['de', 60, '1 Minute'],
    ['de', 86_399, '23 Stunden, 59 Minuten und 59 Sekunden'],
    ['pt', 0, '1 segundo'],
    ['pt', 3600, '1 hora'],
  ])('writes %s %i seconds as "%s"', (tag, seconds, words) => {
    expect(humanDuration(seconds, SHIPPED_LOCALES[tag])).toBe(words);
  });
});

describe('plural forms', () => {
  it('follow the language: 0 is singular in French and Portuguese, plural in English, Spanish and German', () => {
    const attemptsLeft = (locale: Locale, count: number) => new MessageCatalog(locale.messages, locale.tag).plural('attemptsLeft', count);
    expect(attemptsLeft(SHIPPED_LOCALES.fr, 0)).toBe('Il reste 0 tentative.');
    expect(attemptsLeft(SHIPPED_LOCALES.pt, 0)).toBe('Resta 0 tentativa.');
    expect(attemptsLeft(en, 0)).toBe('0 attempts left.');
    expect(attemptsLeft(SHIPPED_LOCALES.es, 0)).toBe('Te quedan 0 intentos.');
    expect(attemptsLeft(SHIPPED_LOCALES.de, 1)).toBe('Noch 1 Versuch übrig.');
    expect(attemptsLeft(SHIPPED_LOCALES.fr, 2)).toBe('Il reste 2 tentatives.');
  });

  it('stay English, by count === 1, for a catalog built without a locale', () => {
    const catalog = new MessageCatalog(DEFAULT_MESSAGES);
    expect([0, 1, 2].map((count) => catalog.plural('wrongCode', count))).toEqual([
      'That code is not correct. 0 attempts left.',
      'That code is not correct. 1 attempt left.',
      'That code is not correct. 2 attempts left.',
    ]);
  });

  it('fall back to the _other form when a locale leaves an extra category out', () => {
    const withoutMany = { ...SHIPPED_LOCALES.fr.messages, attemptsLeft_many: undefined };
    expect(new MessageCatalog(withoutMany, 'fr').plural('attemptsLeft', 1_000_000)).toBe('Il reste 1000000 tentatives.');
    expect(new MessageCatalog(SHIPPED_LOCALES.fr.messages, 'fr').plural('attemptsLeft', 1_000_000)).toBe('Il reste 1000000 tentatives.');
  });
});
