import { DEFAULTS, RANGES } from '../config/defaults';
import { requireFeatureMethods } from '../config/resolveStore';
import { optionNames, optional } from '../config/validate';
import type { OtpStore, RememberDeviceStore } from '../store/OtpStore';

/** Option `rememberDevice`: "don't ask for a code on this device". Off unless set. */
export interface RememberDeviceOptions {
  /**
   * How long a device is remembered, in days. Integer from 1 to 365.
   * @defaultValue `30`
   */
  days?: number;
  /**
   * The name of the cookie that holds the device's token.
   * @defaultValue `'sms_otp_device'`
   */
  cookieName?: string;
}

/** The `rememberDevice` option after validation. */
export interface RememberDeviceSettings {
  readonly days: number;
  readonly maxAgeMs: number;
  readonly cookieName: string;
  /** The strategy's store, which has the methods of remembered devices. */
  readonly store: RememberDeviceStore;
}

const REMEMBER_DEVICE_OPTIONS = optionNames<RememberDeviceOptions>({ days: true, cookieName: true });

/** A cookie name as RFC 6265 allows it (a token: no separators, spaces or control characters). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Validates the `rememberDevice` option; `undefined` keeps the feature off. When on, `store` must
 * have the methods of remembered devices.
 */
export function resolveRememberDevice(options: unknown, store: OtpStore): RememberDeviceSettings | undefined {
  const remember = optional.options<RememberDeviceOptions, undefined>('rememberDevice', options, REMEMBER_DEVICE_OPTIONS, undefined);
  if (!remember) return undefined;
  const cookieName = optional.pattern('rememberDevice.cookieName', remember.cookieName, COOKIE_NAME, "a cookie name (letters, digits and !#$%&'*+-.^_`|~)", DEFAULTS.rememberDevice.cookieName);
  const days = optional.integer('rememberDevice.days', remember.days, ...RANGES.rememberDevice.days, DEFAULTS.rememberDevice.days);
  return Object.freeze({ days, maxAgeMs: days * 86_400_000, cookieName, store: requireFeatureMethods(store, 'rememberDevice') });
}
