import type { TwilioSdk } from './twilioSdk';

/** Twilio's voices for each language the package may speak, by region; the first is the language's default. */
const SAY_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  en: ['en-US', 'en-GB', 'en-AU', 'en-CA', 'en-IE', 'en-IN', 'en-NZ', 'en-ZA'],
  de: ['de-DE', 'de-AT'],
  es: ['es-ES', 'es-MX', 'es-US'],
  fr: ['fr-FR', 'fr-CA', 'fr-BE'],
  pt: ['pt-BR', 'pt-PT'],
};
const FALLBACK_LANGUAGE = 'en-US';

/**
 * The `language` of `<Say>` for a message's locale: the locale itself when Twilio has a voice for
 * that region (`fr-CA`), else its language's usual one (`fr` → `fr-FR`, `pt` → `pt-BR`), else `en-US`.
 */
export function sayLanguage(locale: string): string {
  let language: string;
  let region: string | undefined;
  try {
    ({ language, region } = new Intl.Locale(locale));
  } catch {
    return FALLBACK_LANGUAGE;
  }
  const voices = SAY_LANGUAGES[language];
  if (!voices) return FALLBACK_LANGUAGE;
  return voices.find((tag) => tag === `${language}-${region}`) ?? voices[0];
}

/**
 * The TwiML of a code's call: a second's pause (the callee lifts the phone to the ear), then the
 * spoken text, which already says the code three times, digit by digit.
 */
export function voiceTwiml(sdk: TwilioSdk, body: string, locale: string): string {
  const response = new sdk.twiml.VoiceResponse();
  response.pause({ length: 1 });
  response.say({ language: sayLanguage(locale) }, body);
  return response.toString();
}
