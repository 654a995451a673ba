import { humanDuration } from '../i18n/humanDuration';
import type { LocaleText } from '../i18n/resolveLocales';
import type { SendRefusal } from './sendCode';

/** What the user is told when a send or an attempt is refused. */
export interface Refusal {
  readonly message: string;
  readonly status: number;
}

/** Words a refused send for the user, in their language, with the time to wait. Builds only: the flow reports the event. */
export function refusedSend(locale: LocaleText, reason: Exclude<SendRefusal, 'sent' | 'ended'>, retryAfterMs: number): Refusal {
  const { messages } = locale;
  if (reason === 'locked') return lockedOut(locale, retryAfterMs);
  if (reason === 'held') return { message: messages.text('held'), status: 423 };
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (reason === 'cooldown') return { message: messages.plural('resendTooSoon', seconds, { seconds }), status: 429 };
  if (reason === 'limit') return { message: messages.text('resendLimit'), status: 429 };
  if (reason === 'app_denied') return { message: messages.text('cannotTextNow'), status: 429 };
  return { message: messages.text('sendQuota', { wait: humanDuration(seconds, locale) }), status: 429 };
}

/** The user is locked out after too many wrong codes: say so (not "wrong code") and for how long. */
export function lockedOut(locale: LocaleText, retryAfterMs: number): Refusal {
  const wait = humanDuration(Math.max(1, Math.ceil(retryAfterMs / 1000)), locale);
  return { message: locale.messages.text('locked', { wait }), status: 423 };
}
