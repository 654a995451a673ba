import type { RequestLike } from '../http/types';
import type { LocaleMessages } from './messages';
import type { DurationWords } from './Locale';

/**
 * Which language a request gets: `'auto'` (its `Accept-Language`), a fixed tag such as `'fr'`, or
 * a function answering a tag for the request and the user (their stored preference). A function's
 * answer is matched like a one-entry `Accept-Language` (`'fr-CA'` gets `fr`); `undefined`, or a
 * tag no available locale matches, means `'auto'`.
 *
 * The function's `user` is your app's `User` (of `SmsOtpStrategy<User>`), as your `deserializeUser`
 * gives it: the user being verified, on every page and text of a pending verification, or the
 * signed-in `req.user` before one is open (the change-of-number form). The function is asked only
 * when there is a user: the few answers given without one (a lapsed sign-in, a form that cannot be
 * read, the store being unreachable during a sign-in) take the request's `Accept-Language`, as `'auto'`.
 *
 * @example
 * new SmsOtpStrategy<{ language: string }>({ locale: (req, user) => user.language });
 */
export type LocaleOption<User = unknown> = string | ((req: RequestLike, user: User) => string | undefined);

/**
 * The text of one added or overriding locale. Every field is optional: what an override of a
 * shipped locale leaves out keeps that locale's text, and what an added locale leaves out is
 * English, key by key.
 */
export interface LocaleDefinition {
  /**
   * The prompt's and the flow's texts, as in `PromptMessages`, plus the extra plural forms of the
   * language (`wrongCode_few` in Polish): `Intl.PluralRules` of the tag picks the form, and a
   * missing one falls back to `_other`.
   */
  readonly messages?: Partial<LocaleMessages>;
  /** The SMS text: `{{code}}` (required), `{{appName}}`, `{{expiry}}`; see the `messageTemplate` option. */
  readonly messageTemplate?: string;
  /** How `{{expiry}}` and the waits are written: `hour_one`, `hour_other`, … (each with `{{count}}`), `separator`, `lastSeparator`. */
  readonly durations?: Partial<DurationWords>;
  /** What `{{appName}}` says when the `appName` option is unset, such as `'votre compte'`. */
  readonly defaultAppName?: string;
}
