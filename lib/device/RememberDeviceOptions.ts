import { InvalidOptionError } from '../errors';
import { integerOption, stringOption } from '../validateOption';

/** Option `rememberDevice`: "don't ask for a code on this device". Off unless set. */
export interface RememberDeviceOptions {
  /** How long a device is remembered, in days. Integer from 1 to 365; default 30. */
  days?: number;
  /** The name of the cookie that holds the device's token. Default `'sms_otp_device'`. */
  cookieName?: string;
}

/** The `rememberDevice` option after validation. */
export interface RememberDeviceSettings {
  readonly days: number;
  readonly maxAgeMs: number;
  readonly cookieName: string;
}

/** A cookie name as RFC 6265 allows it (a token: no separators, spaces or control characters). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Validates the `rememberDevice` option; `undefined` keeps the feature off. */
export function resolveRememberDevice(options: unknown): RememberDeviceSettings | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('rememberDevice', 'an object { days?, cookieName? }');
  const { days, cookieName } = options as RememberDeviceOptions;
  const name = stringOption('rememberDevice.cookieName', cookieName, 'sms_otp_device');
  if (!COOKIE_NAME.test(name)) throw new InvalidOptionError('rememberDevice.cookieName', 'a cookie name (letters, digits and !#$%&\'*+-.^_`|~)');
  const validDays = integerOption('rememberDevice.days', days, 30, 1, 365);
  return Object.freeze({ days: validDays, maxAgeMs: validDays * 86_400_000, cookieName: name });
}
