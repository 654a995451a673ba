import { gsm7Septets } from './gsm7Alphabet';

/** How a text message is encoded on the air: 7-bit GSM default alphabet, or 16-bit UCS-2 (UTF-16 in practice). */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** What a text costs: its encoding, the number of SMS it is billed as, and its length in that encoding. */
export interface SmsSegments {
  /** `GSM-7` when every character is in the GSM 03.38 tables, otherwise `UCS-2`. */
  readonly encoding: SmsEncoding;
  /** The number of SMS sent (and billed); at least 1. */
  readonly segments: number;
  /** The length: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  readonly units: number;
}

/** Units in one SMS alone, and in each part of a multi-part SMS (the rest of the 140 bytes is the UDH that joins the parts). */
const CAPACITY: Readonly<Record<SmsEncoding, { readonly single: number; readonly part: number }>> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/**
 * Counts the SMS segments `text` is sent as, per GSM 03.38 / 3GPP TS 23.040.
 *
 * GSM-7 holds 160 septets in one SMS and 153 in each part of a longer one; the characters
 * `^ { } \ [ ~ ] | €` and form feed count 2. A single character outside the GSM tables switches
 * the whole text to UCS-2: 70 UTF-16 units in one SMS, 67 per part, a character outside the
 * Basic Multilingual Plane (most emoji) counting 2.
 *
 * A part never ends in the middle of a character: like carriers and provider APIs, an
 * extension character's two septets or a surrogate pair that would straddle a boundary moves
 * whole to the next part, which can make one more segment than `units / 153` (or `/ 67`) suggests.
 * The empty text counts as 1 segment, since sending it still sends (and bills) one SMS.
 *
 * @example
 * smsSegments('Your code is 123456'); // { encoding: 'GSM-7', segments: 1, units: 19 }
 * smsSegments('Tu código es 123456'); // { encoding: 'UCS-2', segments: 1, units: 19 }
 */
export function smsSegments(text: string): SmsSegments {
  const gsm = gsm7Widths(text);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const widths = gsm ?? [...text].map((char) => char.length);
  const units = widths.reduce((sum, width) => sum + width, 0);
  const { single, part } = CAPACITY[encoding];
  return { encoding, segments: units <= single ? 1 : countParts(widths, part), units };
}

/** The septets of each character, or `undefined` when a character is not in GSM-7. */
function gsm7Widths(text: string): number[] | undefined {
  const widths: number[] = [];
  for (const char of text) {
    const septets = gsm7Septets(char);
    if (septets === undefined) return undefined;
    widths.push(septets);
  }
  return widths;
}

/** Fills parts of `capacity` units in order, starting a new part when a character would not fit whole. */
function countParts(widths: readonly number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > capacity) {
      parts += 1;
      used = 0;
    }
    used += width;
  }
  return parts;
}
