import { InvalidOptionError } from './errors';

/** An integer option within a range, or its default when unset. */
export function integerOption(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** A boolean option, or its default when unset. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'true or false');
  return value;
}

/** A non-empty string option, or its default when unset. */
export function stringOption<T extends string | undefined>(name: string, value: unknown, fallback: T): string | T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidOptionError(name, 'a non-empty string');
  return value;
}

/** A function option, or its default when unset. */
export function functionOption<F extends ((...args: never[]) => unknown) | undefined>(name: string, value: unknown, fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new InvalidOptionError(name, 'a function');
  return value as F;
}
