import { composeSmsText } from './composeSmsText';
import { smsCostWarnings } from './smsCostWarnings';
import type { Locales } from '../i18n/resolveLocales';
import { secondsWithLongestWording } from './longestWording';

/** Writes one warning, in the shape of pino's `logger.warn(fields, message)`. */
export type WarnFunction = (fields: Record<string, unknown>, message: string) => void;

/** What the SMS text is rendered with. */
export interface SmsCostSettings {
  /** The strategy's name, which the warnings start with. */
  readonly name: string;
  readonly locales: Locales;
  readonly otpLength: number;
  readonly expiryMs: number;
}

/**
 * Renders each available language's SMS text at its longest (a code of `otpLength`, the app name
 * and WebOTP line it will carry, the expiry with the longest wording) and warns once for each one
 * billed as more than one SMS or sent as UCS-2, naming the locale, the encoding, the segments and
 * the characters that forced UCS-2. Run once, at construction: a text's cost is a fact of the
 * configuration, so it is said before the first bill rather than on every send.
 */
export function warnSmsCost(settings: SmsCostSettings, warn: WarnFunction): void {
  const code = '0'.repeat(settings.otpLength);
  const maxSeconds = settings.expiryMs / 1000;
  const texts: Record<string, string> = {};
  for (const [tag, locale] of settings.locales.byTag) {
    texts[tag] = composeSmsText(locale.sms, code, secondsWithLongestWording(maxSeconds, locale), locale);
  }
  for (const { message, ...fields } of smsCostWarnings(texts)) warn(fields, `${settings.name} sms_cost: ${message}`);
}
