import { placeholdersIn } from '../i18n/fillPlaceholders';
import { DEFAULT_MESSAGES } from '../i18n/messages';

/**
 * The placeholders the message `key` may use: those of its English text, and for a plural
 * (`wrongCode_one`, `wrongCode_other`, or `wrongCode_few` in a language that has that form) those
 * of every English form of it plus `{{count}}`, which is always filled in.
 */
export function messagePlaceholders(key: string): readonly string[] {
  const base = pluralBase(key);
  const english = Object.entries(DEFAULT_MESSAGES).filter(([name]) => name === key || (base !== undefined && pluralBase(name) === base));
  const names = new Set(english.flatMap(([, text]) => [...placeholdersIn(text)]));
  if (base !== undefined && english.length > 0) names.add('count');
  return [...names];
}

/** `wrongCode` for `wrongCode_many`; `undefined` for a key that is no plural form. */
function pluralBase(key: string): string | undefined {
  return /^(.+)_(zero|one|two|few|many|other)$/.exec(key)?.[1];
}
