import { InvalidOptionError } from './errors';
import { functionOption } from './validateOption';

/** Option `enrollment`: how a verified number reaches your user records. */
export interface EnrollmentOptions {
  /**
   * Saves a number the user just verified (E.164, such as `'+12015550123'`). Called exactly once
   * per verified number, never before its code came back; may return a promise. If it throws, the
   * user is not signed in (at sign-in) and the error goes to Express. Required.
   */
  saveMobile(user: unknown, mobile: string, req: unknown): void | Promise<void>;
  /**
   * Whether `mobile` (E.164) may be used by `user`: return `false` to refuse it, such as a number
   * another account uses. Asked before any code is sent. Default: every number that passes the
   * phone rules is allowed.
   */
  isAllowed?(mobile: string, user: unknown, req: unknown): boolean | Promise<boolean>;
}

/** The `enrollment` option after validation. */
export interface EnrollmentSettings {
  readonly saveMobile: EnrollmentOptions['saveMobile'];
  readonly isAllowed: NonNullable<EnrollmentOptions['isAllowed']>;
}

/** Validates the `enrollment` option. */
export function resolveEnrollment(options: unknown): EnrollmentSettings | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('enrollment', 'an object { saveMobile, isAllowed? }');
  const enrollment = options as Partial<EnrollmentOptions>;
  if (typeof enrollment.saveMobile !== 'function') throw new InvalidOptionError('enrollment.saveMobile', 'a function (user, mobile, req) that saves a verified number');
  return Object.freeze({
    saveMobile: enrollment.saveMobile.bind(enrollment),
    isAllowed: functionOption<EnrollmentSettings['isAllowed']>('enrollment.isAllowed', enrollment.isAllowed?.bind(enrollment), () => true),
  });
}
