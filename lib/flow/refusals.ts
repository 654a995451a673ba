import { humanDuration } from '../i18n/humanDuration';
import type { LocaleText } from '../i18n/resolveLocales';
import type { Channel } from '../providers/SmsProvider';
import type { SendRefusal } from './sendCode';

/** What the user is told when a send or an attempt is refused. */
export interface Refusal {
  readonly message: string;
  readonly status: number;
}

/**
 * Refusals that say nothing of why or for how long: the toll-fraud limits on groups of numbers,
 * and the app's `beforeSend`. Telling a pumping bot which rule stopped it, or when a pause ends,
 * would only help it.
 */
const CANNOT_SEND_NOW: ReadonlySet<SendRefusal> = new Set(['prefix_velocity', 'country_velocity', 'low_conversion', 'app_denied']);

/**
 * Words a refused send for the user, in their language, with the time to wait, for a text or a
 * call (`channel`). Builds only: the flow reports the event.
 */
export function refusedSend(locale: LocaleText, reason: Exclude<SendRefusal, 'sent' | 'ended'>, retryAfterMs: number, channel: Channel = 'sms'): Refusal {
  const { messages } = locale;
  if (CANNOT_SEND_NOW.has(reason)) return { message: messages.text(channel === 'voice' ? 'cannotCallNow' : 'cannotTextNow'), status: 429 };
  if (reason === 'locked') return lockedOut(locale, retryAfterMs);
  if (reason === 'held') return { message: messages.text('held'), status: 423 };
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (reason === 'cooldown') return { message: messages.plural('resendTooSoon', seconds, { seconds }), status: 429 };
  if (reason === 'limit') return { message: messages.text('resendLimit'), status: 429 };
  return { message: messages.text('sendQuota', { wait: humanDuration(seconds, locale) }), status: 429 };
}

/** The user is locked out after too many wrong codes: say so (not "wrong code") and for how long. */
export function lockedOut(locale: LocaleText, retryAfterMs: number): Refusal {
  const wait = humanDuration(Math.max(1, Math.ceil(retryAfterMs / 1000)), locale);
  return { message: locale.messages.text('locked', { wait }), status: 423 };
}
