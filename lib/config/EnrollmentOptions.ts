import { optionNames, optional, required } from './validate';

/** Option `enrollment`: how a verified number reaches your user records. `User` is your app's user. */
export interface EnrollmentOptions<User = unknown> {
  /**
   * Saves a number the user just verified (E.164, such as `'+12015550123'`). Called exactly once
   * per verified number, never before its code came back; may return a promise. If it throws, the
   * user is not signed in (at sign-in) and the error goes to Express. Required.
   */
  saveMobile(user: User, mobile: string, req: unknown): void | Promise<void>;
  /**
   * Whether `mobile` (E.164) may be used by `user`: return `false` to refuse it, such as a number
   * another account uses. Asked before any code is sent. Default: every number that passes the
   * phone rules is allowed.
   */
  isAllowed?(mobile: string, user: User, req: unknown): boolean | Promise<boolean>;
}

/** The `enrollment` option after validation. */
export interface EnrollmentSettings {
  readonly saveMobile: EnrollmentOptions['saveMobile'];
  readonly isAllowed: NonNullable<EnrollmentOptions['isAllowed']>;
}

const ENROLLMENT_OPTIONS = optionNames<EnrollmentOptions>({ saveMobile: true, isAllowed: true });

/** Validates the `enrollment` option. */
export function resolveEnrollment(options: unknown): EnrollmentSettings | undefined {
  const enrollment = optional.options<EnrollmentOptions, undefined>('enrollment', options, ENROLLMENT_OPTIONS, undefined);
  if (!enrollment) return undefined;
  const saveMobile = required.function<EnrollmentSettings['saveMobile']>('enrollment.saveMobile', enrollment.saveMobile, 'a function (user, mobile, req) that saves a verified number');
  const isAllowed = optional.function<EnrollmentSettings['isAllowed'], undefined>('enrollment.isAllowed', enrollment.isAllowed, undefined);
  return Object.freeze({
    saveMobile: saveMobile.bind(enrollment),
    isAllowed: isAllowed?.bind(enrollment) ?? (() => true),
  });
}
