import { smsCostWarnings } from '../lib/sms/smsCostWarnings';

describe('smsCostWarnings', () => {
  it('says nothing about texts that fit one GSM-7 SMS', () => {
    expect(smsCostWarnings({ en: 'Your code for Acme is 123456.', de: `Ihr Code für Acme lautet 123456.${'x'.repeat(120)}` })).toEqual([]);
  });

  it('names the locale, UCS-2, the segments and the characters that forced it', () => {
    const [warning, ...rest] = smsCostWarnings({ en: 'Your code is 123456.', es: `Tu código único es 123456. ${'x'.repeat(50)} 🙂` });
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ locale: 'es', encoding: 'UCS-2', segments: 2, units: 80, ucs2Characters: ['ó', 'ú', '🙂'] });
    expect(warning.message).toBe(
      'The SMS text for locale "es" is sent as UCS-2 (80 UTF-16 units, 2 segments) because of "ó" (U+00F3), "ú" (U+00FA), "🙂" (U+1F642): ' +
        'each code is billed as 2 SMS. Reword it without these characters to send up to 160 GSM-7 characters in one SMS.',
    );
  });

  it('warns about a UCS-2 text that fits one SMS today', () => {
    const [warning] = smsCostWarnings({ pt: 'Seu código: 123456' });
    expect(warning).toMatchObject({ locale: 'pt', encoding: 'UCS-2', segments: 1, ucs2Characters: ['ó'] });
    expect(warning.message).toContain('it fits one SMS only while it stays within 70 characters');
  });

  it('shows invisible culprits by their code point', () => {
    const [warning] = smsCostWarnings({ fr: 'Code\u00a0: 123456' });
    expect(warning.message).toContain('"\u00a0" (U+00A0)');
  });

  it('warns about a GSM-7 text longer than one SMS, counting extension characters twice', () => {
    const [warning] = smsCostWarnings({ fr: `${'€'.repeat(80)}a` });
    expect(warning).toMatchObject({ locale: 'fr', encoding: 'GSM-7', segments: 2, units: 161, ucs2Characters: [] });
    expect(warning.message).toBe(
      'The SMS text for locale "fr" takes 161 GSM-7 septets (2 segments): each code is billed as 2 SMS. ' +
        'Shorten it to 160 septets to send one SMS (each of ^ { } \\ [ ~ ] | € counts 2).',
    );
  });

  it('keeps the order of the locales it was given', () => {
    expect(smsCostWarnings({ b: 'ó', a: 'á', c: 'ok' }).map((warning) => warning.locale)).toEqual(['b', 'a']);
  });
});
