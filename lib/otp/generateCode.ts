import { randomInt } from 'node:crypto';

/** Digits, for numeric codes. */
export const NUMERIC_ALPHABET = '0123456789';

/** Upper-case letters and digits without the look-alikes 0 O 1 I L, for alphanumeric codes. */
export const ALPHANUMERIC_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A code of `length` characters drawn uniformly from `alphabet` with a cryptographic generator. */
export function generateCode(length: number, alphabet: string): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += alphabet[randomInt(alphabet.length)];
  return code;
}
