import { InvalidOptionError } from '../errors';

/** RFC 9110 token: the characters a header name may use. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, spaces and tabs; no CR, LF or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Reads the custom provider's `headers` option into a frozen name → value map.
 *
 * The string form is the reference product's: `"authorisation: qwer1234, x-csrf: true"`.
 * Entries are split at commas and each entry at its FIRST colon, so a value may contain
 * colons (`authorization: Bearer a:b`), which the reference product silently dropped.
 * Anything that could smuggle another header (CR, LF) or is not a valid name is refused.
 * Error messages name the offending header, never its value.
 */
export function parseHeaders(headers: string | Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  const entries: [string, unknown][] = [];
  if (headers === undefined || headers === null) {
    // No custom headers.
  } else if (typeof headers === 'string') {
    for (const entry of headers.split(',')) {
      if (entry.trim() === '') continue;
      const colon = entry.indexOf(':');
      if (colon < 0) throw new InvalidOptionError('headers', 'entries of the form "name: value" separated by commas');
      entries.push([entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()]);
    }
  } else if (typeof headers === 'object' && !Array.isArray(headers)) {
    entries.push(...Object.entries(headers));
  } else {
    throw new InvalidOptionError('headers', 'a "name: value, name: value" string or an object of strings');
  }

  const result: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (!TOKEN.test(name)) throw new InvalidOptionError('headers', 'header names made of letters, digits and !#$%&\'*+-.^_`|~ only');
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new InvalidOptionError(`headers.${name}`, 'given once');
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      throw new InvalidOptionError(`headers.${name}`, 'a string without line breaks or control characters');
    }
    seen.add(lower);
    result[name] = value.trim();
  }
  return Object.freeze(result);
}
