import { smsSegments, type SmsSegments } from './smsSegments';
import { ucs2Characters } from './ucs2Characters';

/** A locale whose SMS text costs more than one GSM-7 SMS, or is one character away from it. */
export interface SmsCostWarning extends SmsSegments {
  /** The locale's tag, as given. */
  readonly locale: string;
  /** The characters that forced UCS-2 (see {@link ucs2Characters}); empty for GSM-7. */
  readonly ucs2Characters: readonly string[];
  /** One sentence for the log: what the text costs, why, and what to change. */
  readonly message: string;
}

/**
 * Finds the SMS texts that are billed as more than one SMS or sent as UCS-2. A UCS-2 text that
 * fits one SMS is still reported: it has 70 units where GSM-7 has 160, so a longer app name or
 * code can split it. Pure; the caller renders each text at its worst (longest code, the
 * configured app name and WebOTP domain, the longest expiry) and logs what comes back.
 *
 * @param texts - Each locale's rendered SMS text, by locale tag; the warnings keep this order.
 * @example
 * smsCostWarnings({ en: 'Your code is 123456', es: 'Tu código es 123456' });
 * // [{ locale: 'es', encoding: 'UCS-2', segments: 1, units: 19, ucs2Characters: ['ó'], message: '…' }]
 */
export function smsCostWarnings(texts: Readonly<Record<string, string>>): SmsCostWarning[] {
  const warnings: SmsCostWarning[] = [];
  for (const [locale, text] of Object.entries(texts)) {
    const cost = smsSegments(text);
    if (cost.encoding === 'GSM-7' && cost.segments === 1) continue;
    const characters = ucs2Characters(text);
    warnings.push({ locale, ...cost, ucs2Characters: characters, message: describe(locale, cost, characters) });
  }
  return warnings;
}

function describe(locale: string, cost: SmsSegments, characters: readonly string[]): string {
  const size = `${cost.segments} ${cost.segments === 1 ? 'segment' : 'segments'}`;
  const billed = cost.segments === 1 ? 'it fits one SMS only while it stays within 70 characters' : `each code is billed as ${cost.segments} SMS`;
  if (cost.encoding === 'UCS-2') {
    return (
      `The SMS text for locale "${locale}" is sent as UCS-2 (${cost.units} UTF-16 units, ${size}) because of ${characters.map(named).join(', ')}: ` +
      `${billed}. Reword it without these characters to send up to 160 GSM-7 characters in one SMS.`
    );
  }
  return (
    `The SMS text for locale "${locale}" takes ${cost.units} GSM-7 septets (${size}): ${billed}. ` +
    'Shorten it to 160 septets to send one SMS (each of ^ { } \\ [ ~ ] | € counts 2).'
  );
}

/** A character and its code point, so invisible ones (a no-break space) can be found. */
function named(char: string): string {
  const codePoint = char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
  return `"${char}" (U+${codePoint})`;
}
