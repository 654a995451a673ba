import type { RequestLike } from '../http/types';
import type { LocaleMessages } from './messages';
import type { DurationWords } from './Locale';

/**
 * Which language a request gets: `'auto'` (its `Accept-Language`), a fixed tag such as `'fr'`, or
 * a function answering a tag for the request and the user (their stored preference). A function's
 * answer is matched like a one-entry `Accept-Language` (`'fr-CA'` gets `fr`); `undefined`, or a
 * tag no available locale matches, means `'auto'`.
 *
 * The function's `user` is the user being verified, as your `deserializeUser` gives it, on every
 * page and text of a pending verification; on the few answers given before one is open (the
 * change-of-number form before a number is given, a lapsed sign-in, a form that cannot be read,
 * the store being unreachable) it is `req.user`, which may be `undefined`.
 */
export type LocaleOption = string | ((req: RequestLike, user: unknown) => string | undefined);

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
