import { fillPlaceholders } from '../i18n/fillPlaceholders';
import { humanDuration } from '../i18n/humanDuration';
import { en } from '../i18n/en';
import type { Locale } from '../i18n/Locale';

/** What goes into the text message besides the code. */
export interface SmsTextSettings {
  readonly messageTemplate: string;
  readonly appName: string;
  readonly webOtpDomain: string | undefined;
}

/** The placeholders a text message may use; `code` it must. */
export const SMS_PLACEHOLDERS = ['code', 'appName', 'expiry'] as const;

/**
 * The text message for a code that works for `expirySeconds`, with the expiry written in `language`
 * (default English). With a WebOTP domain its last line is exactly `@domain #code`, the format
 * browsers read to offer the code on the right site only.
 */
export function composeSmsText(settings: SmsTextSettings, code: string, expirySeconds: number, language: Pick<Locale, 'tag' | 'durations'> = en): string {
  const text = fillPlaceholders(settings.messageTemplate, {
    code,
    appName: settings.appName,
    expiry: humanDuration(expirySeconds, language),
  });
  return settings.webOtpDomain ? `${text}\n\n@${settings.webOtpDomain} #${code}` : text;
}
