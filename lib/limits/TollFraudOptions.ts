import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import { InvalidOptionError } from '../errors';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import type { ConversionRule } from '../store/OtpStore';

/**
 * Option `tollFraud`: limits on groups of numbers (a prefix, a country) that SMS pumping cannot
 * bypass with fresh numbers and fresh addresses. On by default, with figures a normal app never
 * reaches; `tollFraud: false` turns it off.
 */
export interface TollFraudOptions {
  /**
   * Sends per prefix (the E.164 number without its last 4 digits, such as `+1202200` for
   * `+12022001234`) within the last hour. Integer from 1 to 100000.
   * @defaultValue `20`
   */
  perPrefix?: number;
  /**
   * Sends per country (ISO 3166-1 alpha-2, as libphonenumber-js gives it) within the last hour: one
   * figure for every country, or a map with a `default` and figures per country, such as
   * `{ default: 1000, US: 20000 }`. Integers from 1 to 10000000.
   * @defaultValue `1000`
   */
  perCountry?: number | PerCountryLimits;
  /**
   * Pauses a group whose codes are rarely verified (`false` turns the rule off).
   * @defaultValue `{ minSends: 10, minCountrySends: 100, minRate: 0.2, pauseMinutes: 60 }`
   */
  conversion?: ConversionOptions | false;
}

/** Sends per hour per country: `default` for the countries not named. */
export type PerCountryLimits = { readonly default?: number } & { readonly [Country in CountryCode]?: number };

/** The conversion rule: codes verified ÷ codes sent, per group over the last hour. */
export interface ConversionOptions {
  /**
   * Codes sent to a prefix within the last hour before its rate counts. Integer from 1 to 100000,
   * below `perPrefix` so that the rule can fire within a prefix's hour.
   * @defaultValue `10`
   */
  minSends?: number;
  /**
   * Codes sent to a country within the last hour before its rate counts. Integer from 1 to
   * 1000000. Higher than `minSends`: a country's figures mix every prefix, and a burst of
   * sign-ins in a small country must not pause it before its users could type their codes.
   * @defaultValue `100`
   */
  minCountrySends?: number;
  /**
   * The least share of those codes that must have been verified (a code counts as not verified
   * from the moment it is sent). A number from 0 to 1.
   * @defaultValue `0.2`
   */
  minRate?: number;
  /**
   * How long a group with a lower rate pauses, in minutes: no code is sent to it meanwhile, and
   * the pause starts again while the pattern lasts. Integer from 1 to 1440.
   * @defaultValue `60`
   */
  pauseMinutes?: number;
}

/** The toll-fraud rules in force. */
export interface TollFraudSettings {
  /** How far back the counters reach: an hour. */
  readonly windowMs: number;
  /** The buckets of that hour: a minute. */
  readonly bucketMs: number;
  readonly perPrefix: number;
  /** Sends per hour to `country` (an ISO code; `''` when the number has none). */
  perCountry(country: string): number;
  readonly prefixConversion: ConversionRule | undefined;
  readonly countryConversion: ConversionRule | undefined;
}

const TOLL_FRAUD_OPTIONS = optionNames<TollFraudOptions>({ perPrefix: true, perCountry: true, conversion: true });
const CONVERSION_OPTIONS = optionNames<ConversionOptions>({ minSends: true, minCountrySends: true, minRate: true, pauseMinutes: true });
const COUNTRIES: readonly string[] = getCountries();
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Validates the `tollFraud` option; `undefined` when it is `false`. */
export function resolveTollFraud(options: unknown): TollFraudSettings | undefined {
  if (options === false) return undefined;
  const given = optional.options<TollFraudOptions, TollFraudOptions>('tollFraud', options, TOLL_FRAUD_OPTIONS, {});
  const defaults = DEFAULTS.tollFraud;
  const perPrefix = optional.integer('tollFraud.perPrefix', given.perPrefix, ...RANGES.tollFraud.perPrefix, defaults.perPrefix);
  const conversion = resolveConversion(given.conversion, perPrefix);
  const perCountry = resolvePerCountry(given.perCountry);
  return Object.freeze({
    windowMs: HOUR_MS,
    bucketMs: MINUTE_MS,
    perPrefix,
    perCountry: (country: string) => perCountry.get(country) ?? perCountry.get('default') ?? defaults.perCountry,
    prefixConversion: conversion && Object.freeze({ minSends: conversion.minSends, minRate: conversion.minRate, pauseMs: conversion.pauseMs }),
    countryConversion: conversion && Object.freeze({ minSends: conversion.minCountrySends, minRate: conversion.minRate, pauseMs: conversion.pauseMs }),
  });
}

function resolveConversion(value: unknown, perPrefix: number): { minSends: number; minCountrySends: number; minRate: number; pauseMs: number } | undefined {
  if (value === false) return undefined;
  const given = optional.options<ConversionOptions, ConversionOptions>('tollFraud.conversion', value, CONVERSION_OPTIONS, {});
  const defaults = DEFAULTS.tollFraud.conversion;
  const ranges = RANGES.tollFraud.conversion;
  const minSends = optional.integer('tollFraud.conversion.minSends', given.minSends, ...ranges.minSends, defaults.minSends);
  if (minSends >= perPrefix) {
    throw new InvalidOptionError('tollFraud.conversion.minSends', `below tollFraud.perPrefix (${perPrefix}), so that the rule can fire within a prefix's hour`, String(minSends));
  }
  const minRate = given.minRate ?? defaults.minRate;
  if (typeof minRate !== 'number' || !(minRate >= 0 && minRate <= 1)) throw new InvalidOptionError('tollFraud.conversion.minRate', 'a number from 0 to 1', describe(minRate));
  return {
    minSends,
    minCountrySends: optional.integer('tollFraud.conversion.minCountrySends', given.minCountrySends, ...ranges.minCountrySends, defaults.minCountrySends),
    minRate,
    pauseMs: optional.integer('tollFraud.conversion.pauseMinutes', given.pauseMinutes, ...ranges.pauseMinutes, defaults.pauseMinutes) * MINUTE_MS,
  };
}

/** Every figure of `perCountry`, by ISO code (and `default`). */
function resolvePerCountry(value: unknown): ReadonlyMap<string, number> {
  const range = RANGES.tollFraud.perCountry;
  if (value === undefined || typeof value === 'number') return new Map([['default', optional.integer('tollFraud.perCountry', value, ...range, DEFAULTS.tollFraud.perCountry)]]);
  const map = required.options<PerCountryLimits>('tollFraud.perCountry', value, ['default', ...COUNTRIES], 'a number, or an object such as { default: 1000, US: 20000 } keyed by ISO 3166-1 alpha-2 codes');
  return new Map(Object.entries(map).map(([country, limit]) => [country, required.integer(`tollFraud.perCountry.${country}`, limit, ...range)]));
}
