import Negotiator from 'negotiator';

/** One readable entry of an `Accept-Language` header, as given to negotiator. */
interface LanguageRange {
  /** The entry as the header writes it, trimmed: `fr-CA;q=0.8`. */
  readonly entry: string;
  /** The range, lower-cased: `fr-ca`, or `*`. */
  readonly range: string;
  readonly q: string;
}

/**
 * An entry as RFC 9110 §12.5.4 writes it: a range, then an optional weight from 0 to 1 with at
 * most three decimals. negotiator would read `q=2` as 2 and `q=` as 1, so a malformed weight
 * could outrank every well-formed entry: such an entry is skipped instead.
 */
const ENTRY = /^(\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)\s*(?:;\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$/i;
/** More ranges than any browser sends; past this a header is hostile, and the rest is ignored (negotiator would weigh every range against every locale). */
const MAX_RANGES = 32;

/**
 * Picks the locale of `available` that an `Accept-Language` header prefers, with negotiator (what
 * Express's `req.acceptsLanguages` uses): the highest quality wins, each tag taking the quality of
 * the range that names it most closely (`pt-BR` for `pt-BR`, then `pt` for it, and `pt-BR` finds
 * `pt`); on a tie the closer match, then the range that comes first in the header. A quality of 0
 * excludes a tag. Tags compare case-insensitively and come back as spelled in `available`.
 *
 * What this adds to negotiator, for cases it gets wrong for our users (each one a case of
 * test/negotiateLocale.test.ts):
 * - A regional range also stands for its language when the header does not name the language
 *   itself, so `fr-CA` finds `fr-FR` (negotiator finds no French at all, and a Canadian user whose
 *   app has French for France gets English).
 * - On a tie (as `*` gives every tag), `fallback` comes before the order of `available`.
 * - A malformed entry is skipped, and a header is read to its 32nd range only.
 *
 * A missing header, or one with nothing acceptable left, gives `fallback`; nothing a client sends throws.
 *
 * @param acceptLanguage - The request's `Accept-Language` header, if any.
 * @param available - The tags there is text for, such as `['en', 'fr', 'pt-BR']`.
 * @param fallback - The tag to use when no available one is acceptable; need not be in `available`.
 * @example
 * negotiateLocale('fr-CA,fr;q=0.9,en;q=0.5', ['en', 'fr'], 'en'); // 'fr'
 * negotiateLocale('pt-BR', ['pt', 'pt-BR'], 'en'); // 'pt-BR'
 * negotiateLocale('fr-CA', ['en', 'fr-FR'], 'en'); // 'fr-FR'
 * negotiateLocale('it', ['en', 'fr'], 'en'); // 'en'
 */
export function negotiateLocale(acceptLanguage: string | undefined, available: readonly string[], fallback: string): string {
  if (typeof acceptLanguage !== 'string') return fallback;
  const ranges = readableRanges(acceptLanguage);
  const header = [...ranges.map(({ entry }) => entry), ...languagesOfRegions(ranges)].join(', ');
  const isFallback = (tag: string) => tag.toLowerCase() === fallback.toLowerCase();
  // negotiator breaks its last ties by the order of the tags it is offered (a stable sort keeps the rest's order).
  const offered = [...available].sort((a, b) => Number(isFallback(b)) - Number(isFallback(a)));
  const [preferred] = new Negotiator({ headers: { 'accept-language': header } }).languages(offered);
  return preferred ?? fallback;
}

function readableRanges(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  for (const part of header.split(',').slice(0, MAX_RANGES)) {
    const entry = part.trim();
    const match = ENTRY.exec(entry);
    if (match) ranges.push({ entry, range: (match[1] as string).toLowerCase(), q: match[2] ?? '1' });
  }
  return ranges;
}

/**
 * `fr;q=0.8` for each `fr-CA;q=0.8` whose language the header does not name, after every entry of
 * the header, so they lose every tie to it. A refused region (`fr-CA;q=0`) refuses that region only.
 */
function languagesOfRegions(ranges: readonly LanguageRange[]): string[] {
  const named = new Set(ranges.map(({ range }) => range));
  return ranges.flatMap(({ range, q }) => {
    const language = range.split('-')[0] as string;
    return language !== range && !named.has(language) && Number(q) > 0 ? [`${language};q=${q}`] : [];
  });
}
