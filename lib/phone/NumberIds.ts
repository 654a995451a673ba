import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Pseudonyms } from '../otp/Pseudonyms';
import type { MobileRules } from './MobileRules';

/** How many numbers on file are remembered at most (a few hundred kilobytes), before starting afresh. */
const REMEMBERED_NUMBERS = 10_000;

/**
 * The pseudonym of the number a user has on file, however it is written (`+1 201 555 0123`,
 * `+12015550123`): asked when a code is checked, to tell whether the number it was sent to is
 * still the user's. Parsing a number takes about 12 µs, so recent answers are remembered.
 */
export class NumberIds {
  readonly #known = new Map<string, string | undefined>();

  constructor(
    private readonly rules: Pick<MobileRules, 'defaultCountry'>,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  /** The pseudonym of the number `mobile` names, or `undefined` when it names none. */
  of(mobile: string): string | undefined {
    if (this.#known.has(mobile)) return this.#known.get(mobile);
    const e164 = parsePhoneNumberFromString(mobile, this.rules.defaultCountry)?.number;
    const id = e164 === undefined ? undefined : this.pseudonyms.number(e164);
    if (this.#known.size >= REMEMBERED_NUMBERS) this.#known.clear();
    this.#known.set(mobile, id);
    return id;
  }
}
