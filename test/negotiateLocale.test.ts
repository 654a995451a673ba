import Negotiator from 'negotiator';
import { negotiateLocale } from '../lib/i18n/negotiateLocale';

const shipped = ['en', 'es', 'fr', 'de', 'pt'];

describe('negotiateLocale', () => {
  it('follows the quality values: fr-CA,fr;q=0.9,en;q=0.5 gives fr', () => {
    expect(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.5', shipped, 'en')).toBe('fr');
    expect(negotiateLocale('en;q=0.5, de;q=0.8', shipped, 'en')).toBe('de');
  });

  it('gives the fallback for an unknown language, no header or an empty one', () => {
    expect(negotiateLocale('it-IT,it;q=0.9', shipped, 'en')).toBe('en');
    expect(negotiateLocale(undefined, shipped, 'en')).toBe('en');
    expect(negotiateLocale('', shipped, 'en')).toBe('en');
  });

  it('prefers the exact tag to its language, and the language when the tag is missing', () => {
    expect(negotiateLocale('pt-BR', ['pt', 'pt-BR'], 'en')).toBe('pt-BR');
    expect(negotiateLocale('pt-BR', ['pt-BR', 'pt'], 'en')).toBe('pt-BR');
    expect(negotiateLocale('pt-BR', ['en', 'pt'], 'en')).toBe('pt');
    expect(negotiateLocale('pt', ['pt-BR', 'pt'], 'en')).toBe('pt');
  });

  it('offers a regional locale for its language, and a sibling region before another language', () => {
    expect(negotiateLocale('pt', ['en', 'pt-BR'], 'en')).toBe('pt-BR');
    expect(negotiateLocale('fr-CA, en;q=0.5', ['en', 'fr-FR'], 'en')).toBe('fr-FR');
  });

  it('takes the quality of the range that names a tag most closely', () => {
    // fr-CA (q=1) is only related to fr; "fr;q=0.2" names it exactly, so fr gets 0.2 and loses to en.
    expect(negotiateLocale('fr-CA, fr;q=0.2, en;q=0.5', shipped, 'de')).toBe('en');
  });

  it('compares case-insensitively and answers as spelled in the available list', () => {
    expect(negotiateLocale('PT-br', ['en', 'pt-BR'], 'en')).toBe('pt-BR');
    expect(negotiateLocale('FR', ['en', 'Fr'], 'en')).toBe('Fr');
  });

  it('reads * as any language, the fallback first', () => {
    expect(negotiateLocale('it, *;q=0.1', ['fr', 'de', 'en'], 'en')).toBe('en');
    expect(negotiateLocale('*', ['fr', 'de'], 'en')).toBe('fr');
    expect(negotiateLocale('*, fr;q=0.5', ['fr', 'en'], 'en')).toBe('en');
  });

  it('excludes what q=0 refuses, even through *', () => {
    expect(negotiateLocale('en;q=0, *', ['en', 'fr'], 'en')).toBe('fr');
    expect(negotiateLocale('fr;q=0, fr-CA', ['fr', 'en'], 'en')).toBe('en');
    expect(negotiateLocale('de;q=0', ['de'], 'de')).toBe('de');
  });

  it('reads a refusal of a region as that region only', () => {
    expect(negotiateLocale('fr-CA;q=0, fr;q=0.5', ['fr'], 'en')).toBe('fr');
    expect(negotiateLocale('fr-CA;q=0, *', ['fr-CA', 'fr-FR'], 'en')).toBe('fr-FR');
  });

  it('breaks ties between equal qualities by the order of the header', () => {
    expect(negotiateLocale('de, fr', shipped, 'en')).toBe('de');
    expect(negotiateLocale('fr;q=0.8, de;q=0.8', shipped, 'en')).toBe('fr');
  });

  it('accepts the spacing RFC 9110 allows around ";"', () => {
    expect(negotiateLocale(' fr ; q=0.4 ,  de ;q=0.3', shipped, 'en')).toBe('fr');
  });

  it.each([
    'fr;q=2, de',
    'fr;q=0.5555, de',
    'fr;q=abc, de',
    'fr;q=, de',
    'fr_FR, de',
    'français, de',
    ';;;, de',
    ',,, de ,,',
    'fr-;q=1, de',
  ])('skips the unreadable entries of %j without throwing', (header) => {
    expect(negotiateLocale(header, shipped, 'en')).toBe('de');
  });

  it('never throws on whatever a client sends', () => {
    for (const header of ['*;q=0', ';', '=', 'q=1', '\u0000', 'x'.repeat(10_000), Array(5000).fill('fr').join(','), 42 as unknown as string]) {
      expect(() => negotiateLocale(header, shipped, 'en')).not.toThrow();
    }
  });

  it('reads at most the first 32 ranges of a header', () => {
    expect(negotiateLocale(`${Array(32).fill('it').join(',')},fr`, shipped, 'en')).toBe('en');
    expect(negotiateLocale(`${Array(31).fill('it').join(',')},fr`, shipped, 'en')).toBe('fr');
  });
});

describe('where negotiator alone answers otherwise (why negotiateLocale adapts it)', () => {
  const negotiatorAlone = (header: string, available: string[]) => new Negotiator({ headers: { 'accept-language': header } }).language(available);

  it.each([
    ['a region finds a sibling region of its language', 'fr-CA, en;q=0.5', ['en', 'fr-FR'], 'en', 'fr-FR', 'en'],
    ['a region alone finds a sibling region', 'fr-CA', ['en', 'fr-FR'], 'en', 'fr-FR', undefined],
    ['* prefers the fallback', 'it, *;q=0.1', ['fr', 'de', 'en'], 'en', 'en', 'fr'],
    ['a weight above 1 is malformed, not a preference', 'fr;q=2, de', shipped, 'en', 'de', 'fr'],
    ['an empty weight is malformed, not 1', 'fr;q=, de', shipped, 'en', 'de', 'fr'],
    ['ranges past the 32nd are ignored', `${Array(32).fill('it').join(',')},fr`, shipped, 'en', 'en', 'fr'],
  ])('%s: %j', (_case, header, available, fallback, ours, negotiators) => {
    expect(negotiateLocale(header, available, fallback)).toBe(ours);
    expect(negotiatorAlone(header, available)).toBe(negotiators);
  });
});
