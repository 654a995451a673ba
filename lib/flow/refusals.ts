import { humanDuration } from '../humanDuration';
import type { SendRefusal } from './sendCode';
import type { SignIn } from './SignIn';

/** What the user is told when a send or an attempt is refused. */
export interface Refusal {
  readonly message: string;
  readonly status: number;
}

/** Reports a refused send (event included) and words it for the user, with the time to wait. */
export function refusedSend(signIn: SignIn, reason: Exclude<SendRefusal, 'sent'>, retryAfterMs: number): Refusal {
  const { messages } = signIn.settings;
  if (reason === 'locked') return lockedOut(signIn, retryAfterMs);
  signIn.event('send_refused', { reason });
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (reason === 'cooldown') return { message: messages.plural('resendTooSoon', seconds, { seconds }), status: 429 };
  if (reason === 'limit') return { message: messages.text('resendLimit'), status: 429 };
  return { message: messages.text('sendQuota', { wait: humanDuration(seconds) }), status: 429 };
}

/** The user is locked out after too many wrong codes: say so (not "wrong code") and for how long. */
export function lockedOut(signIn: SignIn, retryAfterMs: number): Refusal {
  signIn.event('locked', { reason: 'lockout' });
  const wait = humanDuration(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return { message: signIn.settings.messages.text('locked', { wait }), status: 423 };
}
