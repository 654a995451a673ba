import { InvalidOptionError } from '../errors';
import { closestName } from '../config/closestName';
import { messagePlaceholders } from '../config/messagePlaceholders';
import { optionNames, optional, required } from '../config/validate';
import { SMS_PLACEHOLDERS } from '../sms/composeSmsText';
import { DEFAULT_MESSAGES, type LocaleMessages } from './messages';
import type { DurationWords } from './Locale';
import type { LocaleDefinition } from './LocaleOptions';

/** The plural categories a language may add to `_one` and `_other`. */
const EXTRA_CATEGORIES = ['zero', 'two', 'few', 'many'] as const;
const DEFINITION_FIELDS = optionNames<LocaleDefinition>({ messages: true, messageTemplate: true, durations: true, defaultAppName: true });

/** Every form of each base: `_one` and `_other` of the English text, and the extra categories of other languages. */
function withExtraForms(keys: readonly string[]): ReadonlySet<string> {
  const bases = keys.flatMap((key) => /^(.+)_one$/.exec(key)?.[1] ?? []);
  return new Set([...keys, ...bases.flatMap((base) => EXTRA_CATEGORIES.map((category) => `${base}_${category}`))]);
}

const MESSAGE_KEYS = withExtraForms(Object.keys(DEFAULT_MESSAGES));
const DURATION_UNITS = withExtraForms(['hour_one', 'hour_other', 'minute_one', 'minute_other', 'second_one', 'second_other']);

/**
 * Texts of the prompt (`messages`, or `locales.<tag>.messages`): known keys, each a string using
 * only the placeholders its English text has (a misspelt one would reach users as written).
 */
export function checkMessages(name: string, messages: unknown): Partial<LocaleMessages> {
  if (messages === undefined) return {};
  if (messages === null || typeof messages !== 'object') throw new InvalidOptionError(name, 'an object of texts');
  for (const [key, text] of Object.entries(messages)) {
    // A message that gained a plural (resendWait) is named by its forms now: say so rather than list every key.
    if (MESSAGE_KEYS.has(`${key}_one`)) throw new InvalidOptionError(`${name}.${key}`, `split into ${key}_one and ${key}_other (a singular and a plural)`);
    if (!MESSAGE_KEYS.has(key)) {
      const near = closestName(key, [...MESSAGE_KEYS]);
      throw InvalidOptionError.unknown(`${name}.${key}`, Object.keys(DEFAULT_MESSAGES).map((known) => `${name}.${known}`), near && `${name}.${near}`);
    }
    required.template(`${name}.${key}`, text, messagePlaceholders(key));
  }
  return messages;
}

/** An SMS text: a non-empty string with `{{code}}` and no placeholder but `{{appName}}` and `{{expiry}}`, or `undefined` when unset. */
export function checkTemplate(name: string, template: unknown): string | undefined {
  return optional.template(name, template, SMS_PLACEHOLDERS, ['code'], undefined);
}

/** The `locales` option: each key a well-formed language tag, spelled canonically (`pt-br` becomes `pt-BR`), each value a definition. */
export function checkLocaleDefinitions(locales: unknown): ReadonlyMap<string, LocaleDefinition> {
  const checked = new Map<string, LocaleDefinition>();
  if (locales === undefined) return checked;
  if (locales === null || typeof locales !== 'object' || Array.isArray(locales)) {
    throw new InvalidOptionError('locales', 'an object of locales by language tag, such as { it: { messages: { … } } }');
  }
  for (const [key, definition] of Object.entries(locales)) {
    const tag = canonicalTag(key);
    if (tag === undefined) throw new InvalidOptionError(`locales.${key}`, 'named by a BCP 47 language tag such as "it" or "pt-BR"');
    if (checked.has(tag)) throw new InvalidOptionError(`locales.${key}`, `the only locale named ${tag} (tags compare case-insensitively)`);
    checked.set(tag, checkDefinition(`locales.${key}`, definition));
  }
  return checked;
}

/** `tag` in its canonical spelling, or `undefined` when it is not a well-formed BCP 47 tag (which would make `Intl.PluralRules` throw). */
export function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

function checkDefinition(name: string, definition: unknown): LocaleDefinition {
  const fields = required.options<LocaleDefinition>(name, definition, DEFINITION_FIELDS, 'an object { messages?, messageTemplate?, durations?, defaultAppName? }');
  return {
    messages: checkMessages(`${name}.messages`, fields.messages),
    messageTemplate: checkTemplate(`${name}.messageTemplate`, fields.messageTemplate),
    durations: checkDurations(`${name}.durations`, fields.durations),
    defaultAppName: optional.string(`${name}.defaultAppName`, fields.defaultAppName, undefined),
  };
}

function checkDurations(name: string, durations: unknown): Partial<DurationWords> {
  if (durations === undefined) return {};
  if (durations === null || typeof durations !== 'object') throw new InvalidOptionError(name, 'an object of duration words');
  for (const [key, words] of Object.entries(durations)) {
    const separator = key === 'separator' || key === 'lastSeparator';
    if (!separator && !DURATION_UNITS.has(key)) throw new InvalidOptionError(`${name}.${key}`, `one of ${[...DURATION_UNITS, 'separator', 'lastSeparator'].join(', ')}`);
    // A separator may be all spaces (English joins "1 hour 30 minutes" with ' '), so only its type is checked.
    if (separator) required.template(`${name}.${key}`, words, []);
    else required.template(`${name}.${key}`, words, ['count'], ['count']);
  }
  return durations;
}
