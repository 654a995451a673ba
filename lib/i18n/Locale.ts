import type { LocaleMessages } from './messages';
import type { PluralForms } from './pluralForm';

/** The words of a duration ("5 minutes", "1 hora y 30 minutos"): `{{count}}` is the number. */
export type DurationWords = PluralForms<'hour' | 'minute' | 'second'> & {
  /** Between the parts before the last: `', '` in "1 hora, 1 minuto y 1 segundo"; `' '` in English. */
  readonly separator: string;
  /** Before the last part: `' y '` in "1 hora y 30 minutos"; `' '` in English ("1 hour 30 minutes"). */
  readonly lastSeparator: string;
};

/** Everything one language needs: the prompt's text, the SMS text and the words of a duration. */
export interface Locale {
  /** The BCP 47 tag (`'en'`, `'pt'`): it picks the plural rules and goes into `<html lang>`. */
  readonly tag: string;
  /** Every text of the prompt and the pages of the flow. */
  readonly messages: Readonly<LocaleMessages>;
  /**
   * The SMS text: `{{code}}` (required), `{{appName}}` and `{{expiry}}`, written in
   * {@link DurationWords}. The shipped ones use only GSM-7 characters and fit one SMS with a
   * 10-character code, a 20-character app name and the longest expiry.
   */
  readonly messageTemplate: string;
  /** What `{{appName}}` says when the app sets no `appName`: "your account", "votre compte". */
  readonly defaultAppName: string;
  /** How `{{expiry}}` and `{{wait}}` are written. */
  readonly durations: Readonly<DurationWords>;
}
