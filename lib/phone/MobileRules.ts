import { getCountries, parsePhoneNumberFromString, type CountryCode, type PhoneNumberType } from 'libphonenumber-js/max';
import { DEFAULTS } from '../config/defaults';
import { optional, required } from '../config/validate';

/** The checks a mobile number must pass before a code is texted to it. */
export interface MobileRules {
  /** `valid`: the number must exist in the numbering plan; `possible`: it need only have a plausible length. */
  readonly validation: 'valid' | 'possible';
  /** The country of numbers written without `+`, or `undefined` when they are refused. */
  readonly defaultCountry: CountryCode | undefined;
  /** Countries whose numbers may receive codes, or `undefined` for all. */
  readonly allowedCountries: ReadonlySet<CountryCode> | undefined;
  /** Number types that never receive codes. */
  readonly blockedNumberTypes: ReadonlySet<PhoneNumberType>;
}

/** Why a number was refused (the `reason` of the `send_refused` event). */
export type MobileProblem = 'invalid_number' | 'country_not_allowed' | 'number_type_blocked';

/** A number in E.164 (`+12015550123`), or why it cannot receive codes. */
export type CheckedMobile = { readonly e164: string } | { readonly problem: MobileProblem };

const NUMBER_TYPES: readonly PhoneNumberType[] = [
  'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL', 'FIXED_LINE_OR_MOBILE', 'FIXED_LINE', 'MOBILE',
];
const COUNTRIES = getCountries();

/** Validates the phone options once. */
export function resolveMobileRules(options: {
  phoneValidation?: unknown;
  defaultCountry?: unknown;
  allowedCountries?: unknown;
  blockedNumberTypes?: unknown;
}): MobileRules {
  const validation = optional.oneOf('phoneValidation', options.phoneValidation, ['valid', 'possible'] as const, DEFAULTS.phoneValidation);
  const defaultCountry = options.defaultCountry === undefined ? undefined : countryCode('defaultCountry', options.defaultCountry);
  const allowed = optional.array('allowedCountries', options.allowedCountries, undefined);
  const types = optional.array('blockedNumberTypes', options.blockedNumberTypes, DEFAULTS.blockedNumberTypes);
  const blockedNumberTypes = types.map((type) => required.oneOf('blockedNumberTypes', type, NUMBER_TYPES, `a list of ${NUMBER_TYPES.join(', ')}`));
  return Object.freeze({
    validation,
    defaultCountry,
    allowedCountries: allowed && new Set(allowed.map((code) => countryCode('allowedCountries', code))),
    blockedNumberTypes: new Set(blockedNumberTypes),
  });
}

/**
 * Normalises a number to E.164 and checks it against the rules, so that no code goes to a number
 * that cannot be a mobile, to a premium-rate line (SMS pumping), or to a country the app does not
 * serve. `isTestNumber` names the test numbers in force (E.164): fictional by design, they skip
 * the validity check, and only it.
 */
export function checkMobile(rules: MobileRules, mobile: string, isTestNumber: (e164: string) => boolean = () => false): CheckedMobile {
  const number = parsePhoneNumberFromString(mobile, rules.defaultCountry);
  if (!number) return { problem: 'invalid_number' };
  if (!isTestNumber(number.number) && !(rules.validation === 'valid' ? number.isValid() : number.isPossible())) return { problem: 'invalid_number' };
  if (rules.allowedCountries) {
    // A number only possible, not valid, may have no single country: every candidate must be allowed.
    const countries = number.country ? [number.country] : number.getPossibleCountries();
    const allowed = rules.allowedCountries;
    if (countries.length === 0 || !countries.every((country) => allowed.has(country))) return { problem: 'country_not_allowed' };
  }
  const type = number.getType();
  if (type !== undefined && rules.blockedNumberTypes.has(type)) return { problem: 'number_type_blocked' };
  return { e164: number.number };
}

function countryCode(option: string, value: unknown): CountryCode {
  const code = typeof value === 'string' ? value.toUpperCase() : value;
  return required.oneOf(option, code, COUNTRIES, 'ISO 3166-1 alpha-2 country codes such as "US" or "FR"');
}

