import { fillPlaceholders } from './fillPlaceholders';
import { en } from './en';
import type { Locale } from './Locale';
import { pluralForm, pluralRules } from './pluralForm';

/**
 * A duration in words, rounded so it never reads as zero: 300 → "5 minutes", 60 → "1 minute",
 * 45 → "45 seconds", 90 → "1 minute 30 seconds", 7200 → "2 hours"; in Spanish 3690 → "1 hora,
 * 1 minuto y 30 segundos".
 *
 * @param totalSeconds - A whole number of seconds.
 * @param locale - The language to write it in; default English.
 */
export function humanDuration(totalSeconds: number, locale: Pick<Locale, 'tag' | 'durations'> = en): string {
  const counts = [
    ['hour', Math.floor(totalSeconds / 3600)],
    ['minute', Math.floor((totalSeconds % 3600) / 60)],
    ['second', totalSeconds % 60],
  ] as const;
  const rules = pluralRules(locale.tag);
  const words = locale.durations;
  const parts = counts.filter(([, count]) => count > 0);
  const named = (parts.length > 0 ? parts : [['second', 1] as const]).map(([unit, count]) =>
    fillPlaceholders(pluralForm(words, unit, count, rules), { count }),
  );
  const last = named.pop() as string;
  return named.length === 0 ? last : `${named.join(words.separator)}${words.lastSeparator}${last}`;
}
