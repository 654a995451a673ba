import { InvalidOptionError } from '../errors';
import type { RequestLike } from '../http/types';
import type { SmsTextSettings } from '../sms/composeSmsText';
import { MessageCatalog } from './messages';
import { DEFAULTS } from '../config/defaults';
import { optional } from '../config/validate';
import { canonicalTag, checkLocaleDefinitions, checkMessages, checkTemplate } from './checkLocaleTexts';
import { en } from './en';
import type { DurationWords } from './Locale';
import type { LocaleDefinition, LocaleOption } from './LocaleOptions';
import { negotiateLocale } from './negotiateLocale';
import { isUser } from '../session/signedIn';
import { SHIPPED_LOCALES } from './shippedLocales';

/** One language, ready for a request: its tag, its texts, its SMS and its words for durations. */
export interface LocaleText {
  /** The canonical BCP 47 tag, as `<html lang>` and events carry it. */
  readonly tag: string;
  readonly messages: MessageCatalog;
  /** The SMS text in this language, with the app name it says. */
  readonly sms: SmsTextSettings;
  readonly durations: Readonly<DurationWords>;
}

/** The available languages, and how a request's is chosen. */
export interface Locales {
  /** Each available language by tag: the shipped ones, then the added ones. */
  readonly byTag: ReadonlyMap<string, LocaleText>;
  /** Whether `locale` is a function, which is asked with the user: the flow loads the user first. */
  readonly asksUser: boolean;
  /** The language of a page or a text for `req` (see `LocaleOption` for `user`: none is `undefined`, `null` or `false`). */
  pick(req: RequestLike, user: unknown): LocaleText;
}

/** The options that make up the languages. */
export interface LocaleInputs {
  readonly locale?: unknown;
  readonly locales?: unknown;
  readonly messages?: unknown;
  readonly messageTemplate?: unknown;
  readonly appName?: unknown;
}

/** The language when nothing else decides: the one every locale falls back to, key by key. */
const FALLBACK = en.tag;

/**
 * Builds every available language once, at construction: a shipped or added locale, then the
 * `messages` and `messageTemplate` options (which apply to every language), then that language's
 * own text from `locales`, the most specific, last.
 *
 * @throws {InvalidOptionError} naming the first bad option, such as `locales.x-!` or `locale`.
 */
export function resolveLocales(options: LocaleInputs, webOtpDomain: string | undefined): Locales {
  const everywhere: LocaleDefinition = {
    messages: checkMessages('messages', options.messages),
    messageTemplate: checkTemplate('messageTemplate', options.messageTemplate),
  };
  const appName = optional.string('appName', options.appName, undefined);
  const definitions = checkLocaleDefinitions(options.locales);
  const byTag = new Map<string, LocaleText>();
  for (const tag of new Set([...Object.keys(SHIPPED_LOCALES), ...definitions.keys()])) {
    const base = SHIPPED_LOCALES[tag] ?? en;
    const own = definitions.get(tag) ?? {};
    const defaultAppName = own.defaultAppName ?? base.defaultAppName;
    const messageTemplate = own.messageTemplate ?? everywhere.messageTemplate ?? base.messageTemplate;
    byTag.set(
      tag,
      Object.freeze({
        tag,
        messages: new MessageCatalog(Object.freeze({ ...base.messages, ...everywhere.messages, ...own.messages }), tag),
        sms: Object.freeze({ messageTemplate, appName: appName ?? defaultAppName, webOtpDomain }),
        durations: Object.freeze({ ...base.durations, ...own.durations }),
      }),
    );
  }
  return Object.freeze({ byTag, asksUser: typeof options.locale === 'function', pick: picker(options.locale, byTag) });
}

function picker(option: unknown, byTag: ReadonlyMap<string, LocaleText>): Locales['pick'] {
  const tags = [...byTag.keys()];
  const get = (tag: string) => byTag.get(tag) as LocaleText;
  const auto = (req: RequestLike) => get(negotiateLocale(req.headers['accept-language'], tags, FALLBACK));
  if ((option ?? DEFAULTS.locale) === 'auto') return auto;
  if (typeof option === 'function') {
    const answerOf = option as Exclude<LocaleOption, string>;
    return (req, user) => {
      // Nobody to ask about (see LocaleOption): the function is typed with the app's User, never undefined.
      if (!isUser(user)) return auto(req);
      const answer = answerOf(req, user);
      // Matched like a one-entry Accept-Language, so 'fr-CA' finds fr; 'fr_FR' (POSIX) too.
      const tag = typeof answer === 'string' ? negotiateLocale(answer.replaceAll('_', '-'), tags, '') : '';
      return tag === '' ? auto(req) : get(tag);
    };
  }
  const fixed = typeof option === 'string' ? canonicalTag(option) : undefined;
  if (fixed === undefined || !byTag.has(fixed)) {
    throw new InvalidOptionError('locale', `'auto', a function, or an available locale (${tags.join(', ')}; add others with the locales option)`);
  }
  const locale = get(fixed);
  return () => locale;
}
