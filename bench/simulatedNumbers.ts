import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { SeededRandom } from './seededRandom';

/** A range of numbers the pumping attack cycles through: every number is `prefix` and 4 more digits. */
export interface AttackedPrefix {
  readonly country: CountryCode;
  /** E.164 without the last 4 digits: the package's prefix group. */
  readonly prefix: string;
}

/**
 * Five real mobile ranges of two countries where pumping is common, whose prefixes differ in
 * length: Indonesia (Telkomsel 0812, 0813, 0852; 11 national digits) and Uzbekistan (Beeline 90,
 * Ucell 93; 9 national digits).
 */
export const ATTACKED_PREFIXES: readonly AttackedPrefix[] = [
  { country: 'ID', prefix: '+628123456' },
  { country: 'ID', prefix: '+628134567' },
  { country: 'ID', prefix: '+628529876' },
  { country: 'UZ', prefix: '+99890123' },
  { country: 'UZ', prefix: '+99893456' },
];

/** The countries of genuine sign-ins, the attacked ones among them. */
export const GENUINE_COUNTRIES: readonly CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'IN', 'BR', 'ID', 'UZ', 'NG', 'MX', 'ES', 'IT', 'CA', 'AU', 'JP', 'PH', 'PK', 'EG', 'TR', 'ZA',
];

/** `count` distinct numbers of `prefix`, in a random order; each a valid mobile number. */
export function numbersOfPrefix(random: SeededRandom, { prefix }: AttackedPrefix, count: number): string[] {
  const suffixes = random.shuffle(Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'))).slice(0, count);
  return suffixes.map((suffix) => assertMobile(`${prefix}${suffix}`));
}

/**
 * A random valid mobile number of `country`: the national number of the country's example mobile
 * with every digit after the first drawn at random, until libphonenumber-js/max calls it a valid
 * mobile (or, where the plan cannot tell, fixed line or mobile, as for the US).
 */
export function randomMobile(random: SeededRandom, country: CountryCode): string {
  const example = getExampleNumber(country, examples);
  if (!example) throw new Error(`libphonenumber-js has no example mobile number for ${country}`);
  const national = example.nationalNumber;
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    let digits = national[0];
    for (let i = 1; i < national.length; i += 1) digits += String(random.integer(0, 9));
    const candidate = `+${example.countryCallingCode}${digits}`;
    if (isMobile(candidate, country)) return candidate;
  }
  throw new Error(`no valid mobile number of ${country} found at random`);
}

function isMobile(e164: string, country?: CountryCode): boolean {
  const number = parsePhoneNumberFromString(e164);
  if (!number?.isValid() || (country && number.country !== country)) return false;
  const type = number.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

function assertMobile(e164: string): string {
  if (!isMobile(e164)) throw new Error(`${e164} is not a valid mobile number for libphonenumber-js/max`);
  return e164;
}
