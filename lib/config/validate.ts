import { InvalidOptionError } from '../errors';
import { placeholdersIn } from '../i18n/fillPlaceholders';
import { closestName } from './closestName';

/**
 * The names of an options type, written once: the compiler refuses a list that misses a property
 * of `T` or names one `T` lacks, so a new option cannot be forgotten here.
 *
 * @example const LOCKOUT_OPTIONS = optionNames<LockoutOptions>({ maxFailures: true, durationSeconds: true, failureWindowSeconds: true });
 */
export function optionNames<T>(names: { readonly [K in keyof T]-?: true }): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/**
 * Every check takes `(option, value, …what it accepts)` and returns the value, or throws an
 * {@link InvalidOptionError} naming the option, saying what it accepts and what it got.
 */
export const required = {
  /** An integer from `min` to `max`. */
  integer(option: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(option, `an integer from ${min} to ${max}`, value);
    return value;
  },

  /** A whole number of milliseconds from `min` to `max`. */
  milliseconds(option: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(option, `an integer number of milliseconds from ${min} to ${max}`, value);
    return value;
  },

  /** `true` or `false`. */
  boolean(option: string, value: unknown): boolean {
    if (typeof value !== 'boolean') fail(option, 'true or false', value);
    return value;
  },

  /** A string that is not blank, returned as given. */
  string(option: string, value: unknown, expected = 'a non-empty string'): string {
    if (typeof value !== 'string' || value.trim() === '') fail(option, expected, value);
    return value;
  },

  /** A string, trimmed, that matches `pattern`. */
  pattern(option: string, value: unknown, pattern: RegExp, expected: string): string {
    const text = required.string(option, value, expected).trim();
    if (!pattern.test(text)) fail(option, expected, value);
    return text;
  },

  /** One of `choices`. */
  oneOf<T extends string>(option: string, value: unknown, choices: readonly T[], expected = choices.map((choice) => `"${choice}"`).join(' or ')): T {
    if (!choices.includes(value as T)) fail(option, expected, value);
    return value as T;
  },

  /** A function. */
  function<F extends (...args: never[]) => unknown>(option: string, value: unknown, expected = 'a function'): F {
    if (typeof value !== 'function') fail(option, expected, value);
    return value as F;
  },

  /** An array. */
  array(option: string, value: unknown, expected = 'an array'): readonly unknown[] {
    if (!Array.isArray(value)) fail(option, expected, value);
    return value;
  },

  /**
   * An object of options whose every key is one of `known`; an unknown key (a typo, say) throws,
   * naming the closest known name when one is near. `option` is `''` for a constructor's own options.
   */
  options<T extends object>(option: string, value: unknown, known: readonly string[], expected = 'an object of options'): Partial<T> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(option || 'options', expected, value);
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const path = (name: string) => (option === '' ? name : `${option}.${name}`);
      const suggestion = closestName(key, known);
      throw InvalidOptionError.unknown(path(key), known.map(path), suggestion === undefined ? undefined : path(suggestion));
    }
    return value as Partial<T>;
  },

  /**
   * A text whose `{{placeholders}}` are all in `allowed` and that has each of `needed`: a
   * misspelt placeholder would otherwise reach the user as written.
   */
  template(option: string, value: unknown, allowed: readonly string[], needed: readonly string[] = []): string {
    if (typeof value !== 'string') fail(option, 'a string', value);
    const text = value;
    const used = placeholdersIn(text);
    const allowedList = allowed.map((name) => `{{${name}}}`).join(', ') || 'none';
    for (const name of used) {
      if (!allowed.includes(name)) throw new InvalidOptionError(option, `a text whose placeholders are among ${allowedList}`, `{{${name}}}`);
    }
    for (const name of needed) {
      if (!used.has(name)) throw new InvalidOptionError(option, `a text containing {{${name}}}`, 'a text without it');
    }
    return text;
  },

  /**
   * Every key of `keys` set (not blank) in `options`, reported together so a deployment is fixed in
   * one go rather than one variable at a time.
   *
   * @param owner - Who needs them, such as `the twilio provider`.
   * @param label - How to name a key in the error (an environment variable, say); default the key.
   */
  present(owner: string, options: object, keys: readonly string[], label: (key: string) => string = (key) => key): void {
    const values = options as Record<string, unknown>;
    const missing = keys.filter((key) => isBlank(values[key])).map(label);
    if (missing.length > 0) throw new InvalidOptionError(missing.join(', '), `set (${owner} needs ${missing.length === 1 ? 'it' : 'each of them'})`);
  },
};

/**
 * The checks of {@link required} for options that may be left out: the same arguments (but the
 * wording of what is expected), then the default, which is returned when the value is `undefined`.
 *
 * @example optional.integer('otpLength', options.otpLength, 4, 10, DEFAULTS.otpLength)
 */
export const optional = {
  integer<D>(option: string, value: unknown, min: number, max: number, fallback: D): number | D {
    return value === undefined ? fallback : required.integer(option, value, min, max);
  },
  milliseconds<D>(option: string, value: unknown, min: number, max: number, fallback: D): number | D {
    return value === undefined ? fallback : required.milliseconds(option, value, min, max);
  },
  boolean<D>(option: string, value: unknown, fallback: D): boolean | D {
    return value === undefined ? fallback : required.boolean(option, value);
  },
  string<D>(option: string, value: unknown, fallback: D): string | D {
    return value === undefined ? fallback : required.string(option, value);
  },
  pattern<D>(option: string, value: unknown, pattern: RegExp, expected: string, fallback: D): string | D {
    return value === undefined ? fallback : required.pattern(option, value, pattern, expected);
  },
  oneOf<T extends string, D>(option: string, value: unknown, choices: readonly T[], fallback: D): T | D {
    return value === undefined ? fallback : required.oneOf(option, value, choices);
  },
  function<F extends (...args: never[]) => unknown, D>(option: string, value: unknown, fallback: D): F | D {
    return value === undefined ? fallback : required.function<F>(option, value);
  },
  array<D>(option: string, value: unknown, fallback: D): readonly unknown[] | D {
    return value === undefined ? fallback : required.array(option, value);
  },
  options<T extends object, D>(option: string, value: unknown, known: readonly string[], fallback: D): Partial<T> | D {
    return value === undefined ? fallback : required.options<T>(option, value, known);
  },
  template<D>(option: string, value: unknown, allowed: readonly string[], needed: readonly string[], fallback: D): string | D {
    return value === undefined ? fallback : required.template(option, value, allowed, needed);
  },
};

/** True for `undefined`, `null` and strings that are empty once trimmed. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function fail(option: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(option, expected, describe(value));
}

/** What a value is, for an error message; a string is never quoted, as it could be a secret. */
export function describe(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : value.trim() === '' ? 'a blank string' : 'a string';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `an instance of ${name}` : 'an object';
}
