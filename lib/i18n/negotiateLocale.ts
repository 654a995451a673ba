/** One entry of an `Accept-Language` header: a language range and its quality (RFC 9110 §12.5.4). */
interface LanguageRange {
  /** Lower-cased, such as `fr-ca`, or `*`. */
  readonly range: string;
  /** 0 to 1; 0 means "not this one". */
  readonly q: number;
  /** Position in the header, to break ties between equal qualities. */
  readonly index: number;
}

/** How closely a range names a tag, from exactly to "any language". */
const enum Closeness {
  Any = 0,
  SameLanguage = 1,
  Related = 2,
  Exact = 3,
}

const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;
/** More ranges than any browser sends; past this a header is hostile, and the rest is ignored. */
const MAX_RANGES = 32;

/**
 * Picks the locale of `available` that an `Accept-Language` header prefers.
 *
 * Each available tag takes the quality of the range that names it most closely: the exact tag,
 * then a related one (`fr-CA` for `fr`, or `pt` for `pt-BR`), then the same language (`fr-CA`
 * for `fr-FR`), then `*`. The highest quality wins; on a tie the closer match, then the range
 * that comes first in the header, then `fallback`, then the order of `available`. A quality of
 * 0 excludes a tag. Tags compare case-insensitively and come back as spelled in `available`.
 * A missing or malformed header, or an entry that cannot be read, never throws: the entry is
 * skipped, and `fallback` is returned when nothing acceptable is left.
 *
 * @param acceptLanguage - The request's `Accept-Language` header, if any.
 * @param available - The tags there is text for, such as `['en', 'fr', 'pt-BR']`.
 * @param fallback - The tag to use when no available one is acceptable; need not be in `available`.
 * @example
 * negotiateLocale('fr-CA,fr;q=0.9,en;q=0.5', ['en', 'fr'], 'en'); // 'fr'
 * negotiateLocale('pt-BR', ['pt', 'pt-BR'], 'en'); // 'pt-BR'
 * negotiateLocale('it', ['en', 'fr'], 'en'); // 'en'
 */
export function negotiateLocale(acceptLanguage: string | undefined, available: readonly string[], fallback: string): string {
  const ranges = parseAcceptLanguage(acceptLanguage);
  let best: { tag: string; q: number; closeness: Closeness; index: number; isFallback: boolean } | undefined;
  for (const tag of available) {
    const match = bestRange(tag.toLowerCase(), ranges);
    if (!match || match.q === 0) continue;
    const candidate = { tag, ...match, isFallback: tag.toLowerCase() === fallback.toLowerCase() };
    if (!best || beats(candidate, best)) best = candidate;
  }
  return best?.tag ?? fallback;
}

function beats(
  a: { q: number; closeness: Closeness; index: number; isFallback: boolean },
  b: { q: number; closeness: Closeness; index: number; isFallback: boolean },
): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.closeness !== b.closeness) return a.closeness > b.closeness;
  if (a.index !== b.index) return a.index < b.index;
  return a.isFallback && !b.isFallback;
}

/** The range that names `tag` most closely (ties: the higher quality), or `undefined` when none does. */
function bestRange(tag: string, ranges: readonly LanguageRange[]): { q: number; closeness: Closeness; index: number } | undefined {
  let best: { q: number; closeness: Closeness; index: number } | undefined;
  for (const { range, q, index } of ranges) {
    const closeness = closenessOf(tag, range);
    if (closeness === undefined || (q === 0 && !refuses(range, tag))) continue;
    if (!best || closeness > best.closeness || (closeness === best.closeness && q > best.q)) best = { q, closeness, index };
  }
  return best;
}

/** Whether `range;q=0` refuses `tag`: "fr;q=0" refuses fr-CA, but "fr-CA;q=0" refuses Canadian French only, not fr or fr-FR. */
function refuses(range: string, tag: string): boolean {
  return range === '*' || tag === range || tag.startsWith(`${range}-`);
}

function closenessOf(tag: string, range: string): Closeness | undefined {
  if (range === '*') return Closeness.Any;
  if (tag === range) return Closeness.Exact;
  if (tag.startsWith(`${range}-`) || range.startsWith(`${tag}-`)) return Closeness.Related;
  if (tag.split('-')[0] === range.split('-')[0]) return Closeness.SameLanguage;
  return undefined;
}

/** The readable entries of the header; unreadable ones are skipped rather than failing the request. */
function parseAcceptLanguage(header: string | undefined): LanguageRange[] {
  if (typeof header !== 'string') return [];
  const ranges: LanguageRange[] = [];
  for (const entry of header.split(',').slice(0, MAX_RANGES)) {
    const [range = '', ...parameters] = entry.split(';').map((part) => part.trim());
    if (!RANGE.test(range)) continue;
    const weight = parameters.find((parameter) => /^q\s*=/i.test(parameter));
    const quality = weight === undefined ? '1' : QUALITY.exec(weight.replace(/\s+/g, ''))?.[1];
    if (quality === undefined) continue;
    ranges.push({ range: range.toLowerCase(), q: Number(quality), index: ranges.length });
  }
  return ranges;
}
