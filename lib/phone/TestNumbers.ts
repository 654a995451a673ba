import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { InvalidOptionError } from '../errors';
import { DEFAULTS } from '../config/defaults';
import { describe, optional } from '../config/validate';

/** The most test numbers a strategy takes: enough for reviewers, CI and demos, too few to hide real traffic. */
export const MAX_TEST_NUMBERS = 20;

/**
 * The ranges reserved for fiction by their numbering plan's regulator: no subscriber can ever hold
 * one, so a test number in them never belongs to anyone. The only test numbers accepted with
 * `NODE_ENV=production`.
 */
export const FICTIONAL_RANGES: readonly { readonly range: string; readonly pattern: RegExp }[] = Object.freeze([
  // NANPA: 555-0100 to 555-0199 in every area code (N = 2 to 9) are kept for fictional use.
  { range: '+1 NXX 555 0100 to +1 NXX 555 0199', pattern: /^\+1[2-9]\d{2}55501\d{2}$/ },
  // Ofcom's drama numbers: the mobile range 07700 900000 to 900999.
  { range: '+44 7700 900000 to +44 7700 900999', pattern: /^\+447700900\d{3}$/ },
]);

/** An ISO 8601 date, or a date and time with an optional offset (`2027-01-31`, `2027-01-31T18:00:00Z`). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The test numbers (the `testNumbers` option) and the date they stop working: until then, a code
 * "sent" to one is its fixed code and goes nowhere; from then on each is an ordinary number.
 */
export class TestNumbers {
  readonly #codes: ReadonlyMap<string, string>;
  readonly #untilMs: number;

  constructor(codes: ReadonlyMap<string, string>, untilMs: number) {
    this.#codes = codes;
    this.#untilMs = untilMs;
  }

  /** The fixed code of `e164` while test numbers work (`now` before `testNumbersUntil`), or `undefined` when it is not one. */
  codeOf(e164: string, now: number): string | undefined {
    return now < this.#untilMs ? this.#codes.get(e164) : undefined;
  }
}

/** What the codes of test numbers must be like, and when the strategy is created. */
export interface TestNumberRules {
  readonly otpLength: number;
  readonly alphabet: string;
  readonly numericOnly: boolean;
  readonly now: number;
  readonly production: boolean;
}

/**
 * Validates `testNumbers`, `testNumbersUntil` and `allowTestNumbersInProduction`; `undefined`
 * when there are no test numbers.
 *
 * @throws {InvalidOptionError} for more than 20 numbers, a key not in E.164, a code not of the
 * code's length and alphabet, a missing, malformed or past `testNumbersUntil`, and, with
 * `NODE_ENV=production`, test numbers without `allowTestNumbersInProduction: true` or outside
 * the fictional ranges.
 */
export function resolveTestNumbers(
  options: { testNumbers?: unknown; testNumbersUntil?: unknown; allowTestNumbersInProduction?: unknown },
  rules: TestNumberRules,
): TestNumbers | undefined {
  const allowInProduction = optional.boolean('allowTestNumbersInProduction', options.allowTestNumbersInProduction, DEFAULTS.allowTestNumbersInProduction);
  const until = options.testNumbersUntil === undefined ? undefined : dateOf(options.testNumbersUntil);
  const given = options.testNumbers;
  if (given === undefined) return undefined;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new InvalidOptionError('testNumbers', 'an object of E.164 numbers and their fixed codes, such as { "+15555550100": "424242" }', describe(given));
  }
  const entries = Object.entries(given as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  if (entries.length > MAX_TEST_NUMBERS) throw new InvalidOptionError('testNumbers', `at most ${MAX_TEST_NUMBERS} numbers`, `${entries.length} numbers`);
  if (until === undefined) throw new InvalidOptionError('testNumbersUntil', 'set with testNumbers: a Date or an ISO 8601 string, after which test numbers are ordinary numbers');
  if (until <= rules.now) {
    throw new InvalidOptionError('testNumbersUntil', `a date still to come with testNumbers (now is ${new Date(rules.now).toISOString()}): a strategy created after it throws`, new Date(until).toISOString());
  }
  if (rules.production && !allowInProduction) {
    throw new InvalidOptionError('testNumbers', 'unset when NODE_ENV=production, unless allowTestNumbersInProduction is true (and then only numbers in the fictional ranges)', `${entries.length} numbers`);
  }
  const codes = new Map<string, string>();
  for (const [e164, code] of entries) {
    checkNumber(e164, rules.production);
    codes.set(e164, checkCode(e164, code, rules));
  }
  return new TestNumbers(codes, until);
}

/** `testNumbersUntil` in milliseconds: a valid `Date`, or an ISO 8601 string. */
function dateOf(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' && ISO_DATE.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidOptionError('testNumbersUntil', 'a Date or an ISO 8601 string such as "2027-01-31T00:00:00Z"', value instanceof Date ? 'an invalid Date' : describe(value));
  return ms;
}

/** A key of `testNumbers`: E.164 that libphonenumber-js reads as itself, and with `NODE_ENV=production` in a fictional range. */
function checkNumber(e164: string, production: boolean): void {
  if (!/^\+[1-9]\d{1,14}$/.test(e164) || parsePhoneNumberFromString(e164)?.number !== e164) {
    throw new InvalidOptionError('testNumbers', 'keyed by numbers in E.164 ("+", the country calling code and the number, digits only, such as "+15555550100")', `a key ending in ${e164.slice(-4)}`);
  }
  if (production && !FICTIONAL_RANGES.some(({ pattern }) => pattern.test(e164))) {
    const ranges = FICTIONAL_RANGES.map(({ range }) => range).join(', ');
    throw new InvalidOptionError('testNumbers', `numbers in the fictional ranges when NODE_ENV=production (${ranges})`, `a number ending in ${e164.slice(-4)} outside them`);
  }
}

/** A fixed code: as many characters as `otpLength`, each of the code alphabet (digits, or A–Z and 2–9 without look-alikes). */
function checkCode(e164: string, code: unknown, rules: TestNumberRules): string {
  const { otpLength, alphabet } = rules;
  if (typeof code === 'string' && code.length === otpLength && [...code].every((char) => alphabet.includes(char))) return code;
  const kind = rules.numericOnly ? 'digits' : 'characters of A–Z and 2–9 without 0 O 1 I L (numericOnly is false)';
  // A code given as a number is not repeated: it is a code, even if a fixed one.
  const what = typeof code === 'number' ? 'a number (write it as a string)' : typeof code !== 'string' ? describe(code) : code.length !== otpLength ? `a code of ${code.length} characters` : 'a code with characters outside the alphabet';
  const received = `${what} for the number ending in ${e164.slice(-4)}`;
  throw new InvalidOptionError('testNumbers', `codes of ${otpLength} ${kind}, as otpLength and numericOnly make them`, received);
}
