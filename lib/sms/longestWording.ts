import { fillPlaceholders } from '../i18n/fillPlaceholders';
import { smsSegments } from './smsSegments';
import type { Locale } from '../i18n/Locale';
import { pluralForm, pluralRules } from '../i18n/pluralForm';

/**
 * The number of seconds, from 1 to `maxSeconds`, whose wording in `language` is the longest in SMS
 * units: "4 minutes 59 seconds" is longer than "5 minutes", so a code sent late in a sign-in
 * (its expiry cut to what is left of the sign-in) can cost more than the first one.
 *
 * Each part ("59 seconds") is measured once; the loop over every second then only adds numbers,
 * where writing each duration out would take about a second per locale for 86400.
 */
export function secondsWithLongestWording(maxSeconds: number, language: Pick<Locale, 'tag' | 'durations'>): number {
  const rules = pluralRules(language.tag);
  const words = language.durations;
  const width = (text: string) => smsSegments(text).units;
  const widths = (unit: 'hour' | 'minute' | 'second', max: number) =>
    Array.from({ length: max + 1 }, (_, count) => width(fillPlaceholders(pluralForm(words, unit, count, rules), { count })));
  const hours = widths('hour', Math.floor(maxSeconds / 3600));
  const minutes = widths('minute', 59);
  const seconds = widths('second', 59);
  const separator = width(words.separator);
  const lastSeparator = width(words.lastSeparator);

  let longest = 1;
  let longestWidth = 0;
  for (let total = 1; total <= maxSeconds; total += 1) {
    const counts = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
    const parts = [hours[counts[0]], minutes[counts[1]], seconds[counts[2]]].filter((_, index) => counts[index] > 0);
    // Joined as humanDuration joins them: the separator between all but the last two, the last separator before the last.
    const joins = parts.length < 2 ? 0 : (parts.length - 2) * separator + lastSeparator;
    const written = parts.reduce((sum, part) => sum + part, joins);
    if (written > longestWidth) {
      longest = total;
      longestWidth = written;
    }
  }
  return longest;
}
