import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Pseudonyms } from '../otp/Pseudonyms';

/**
 * A number's toll-fraud groups as the store and the session know them: the pseudonyms of its
 * prefix and its country (`p:…`, `c:…`), and the country as events say it. No number in clear.
 */
export interface GroupRefs {
  readonly prefixGroup: string;
  readonly countryGroup: string;
  /** ISO 3166-1 alpha-2 (`US`), or the calling code (`+1`) when the number has no single country. */
  readonly country: string;
}

/** A number's groups, with its prefix in clear for the `fraud_suspected` event (a prefix is never a whole number). */
export interface NumberGroups extends GroupRefs {
  /** The E.164 number without its last 4 digits, such as `+1202200` for `+12022001234`. */
  readonly prefix: string;
}

/** Digits a prefix leaves out: the subscriber's last 4, the part a pumping range varies. */
const SUBSCRIBER_DIGITS = 4;

/**
 * The groups SMS pumping cannot spread over with fresh numbers: the number's prefix, and its
 * country as libphonenumber-js gives it (a number only possible, such as a fictional one, may have
 * none: then its calling code stands for it).
 */
export function numberGroups(pseudonyms: Pseudonyms, e164: string): NumberGroups {
  const prefix = e164.slice(0, -SUBSCRIBER_DIGITS);
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed?.country ?? `+${parsed?.countryCallingCode ?? ''}`;
  return { prefix, country, prefixGroup: pseudonyms.prefixGroup(prefix), countryGroup: pseudonyms.countryGroup(country) };
}
