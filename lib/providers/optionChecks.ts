import { InvalidOptionError } from '../errors';

/** A sender: a phone number (3 to 15 digits, `+` optional) or an alphanumeric sender ID of up to 11 characters. */
export const SENDER_PATTERN = /^(\+?[0-9]{3,15}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;

/** True for `undefined`, `null` and strings that are empty once trimmed. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Throws one {@link InvalidOptionError} naming every required option that is missing,
 * so a misconfigured deployment is fixed in one go rather than one variable at a time.
 *
 * @param options - The options as given.
 * @param required - Option keys that must be present, in the order to report them.
 * @param context - Who needs them, such as `the twilio provider`.
 * @param label - How to name a key in the error (an environment variable, say); defaults to the key.
 */
export function assertPresent(
  options: object,
  required: readonly string[],
  context: string,
  label: (key: string) => string = (key) => key,
): void {
  const values = options as Record<string, unknown>;
  const missing = required.filter((key) => isBlank(values[key])).map(label);
  if (missing.length > 0) {
    throw new InvalidOptionError(missing.join(', '), `set (${context} needs ${missing.length === 1 ? 'it' : 'each of them'})`);
  }
}

/** Returns a trimmed non-empty string or throws naming the option. Never echoes the value. */
export function checkString(value: unknown, option: string, expected = 'a non-empty string'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionError(option, expected);
  return value.trim();
}

/** Returns an integer number of milliseconds within range, or the default when absent. */
export function checkMilliseconds(value: unknown, option: string, fallback: number, max = 120_000): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidOptionError(option, `an integer number of milliseconds from 1 to ${max}`);
  }
  return value;
}

/** Returns the value when it is a string matching the pattern, else throws naming the option. */
export function checkPattern(value: unknown, option: string, pattern: RegExp, expected: string): string {
  const text = checkString(value, option, expected);
  if (!pattern.test(text)) throw new InvalidOptionError(option, expected);
  return text;
}
