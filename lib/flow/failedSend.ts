import type { SmsSendError } from '../errors';
import type { Outcome } from './Outcome';
import { numberForm, sendFailedPage } from './outcomes';
import type { Verification } from './Verification';

/**
 * What a failed send tells the user: `recipient`, the number cannot receive texts; `unavailable`,
 * texts cannot go out until something is fixed (the provider's set-up, or a refusal a try again will
 * not change); `retry`, a try again may work (a timeout, throttling, a provider's own trouble).
 */
export type FailedSend = 'recipient' | 'unavailable' | 'retry';

/**
 * Judges a failed send from every provider's failure, in the order tried. A failure about the number
 * from any provider means the number is the problem: another try, or another provider, would text
 * the same number. Otherwise a retryable failure from any provider means a try again may work, even
 * when a later provider failed for good (the first may be back by then).
 */
export function judgeFailedSend(failures: readonly SmsSendError[]): FailedSend {
  if (failures.some((failure) => failure.fault === 'recipient')) return 'recipient';
  return failures.some((failure) => failure.retryable) ? 'retry' : 'unavailable';
}

/**
 * The page after a failed send (503); the verification stays. A number just given that cannot
 * receive texts is dropped, and the number form asks for another; otherwise the page says whether
 * to try again (with a button), or why texts cannot go out (with no "try again").
 */
export function afterFailedSend(v: Verification, failed: FailedSend): Outcome {
  if (failed === 'recipient' && v.rules.textsTo === 'number_given') {
    v.pending.newNumberDropped();
    return numberForm(v, { status: 503, error: v.locale.messages.text('sendFailedNewNumber') });
  }
  return sendFailedPage(v, failed);
}
