import { flash } from '../session/flash';
import type { Outcome } from './Outcome';
import { toLogin } from './outcomes';
import type { Verification } from './Verification';

/**
 * The ways a verification ends before its code passes, each back to the first factor. The store's
 * marker (or its absence) decides which: a verification the store ended already is only dropped
 * from the session.
 */

/** Another request ended it (verified or given up): this older copy of the session ends it too. */
export function endedElsewhere(v: Verification): Outcome {
  v.pending.end();
  return toLogin(v.settings);
}

/** The user no longer exists (deleted since the first factor): start over. */
export async function userGone(v: Verification): Promise<Outcome> {
  await v.end();
  return toLogin(v.settings);
}

/**
 * What held when the verification started no longer does: the number a code went to is no longer on
 * file (`number_changed`), or a user enrolling a number has one on file now (`number_added`). The
 * code is spent, nothing is saved, nobody is signed in, and the user is told why on the next page.
 */
export async function numberNoLongerOnFile(v: Verification, reason: 'number_changed' | 'number_added', storeEnded: boolean): Promise<Outcome> {
  v.event('failed', { reason });
  if (storeEnded) v.pending.end();
  else await v.end();
  flash(v.req, v.locale.messages.text('numberChanged'));
  return toLogin(v.settings);
}

/**
 * The right code, but the app's verify callback refused the user: the code is spent, nobody is
 * signed in, and the refusal's message (or the default one) is the failure's.
 */
export function refusedByApp(v: Verification, message: string | undefined): Outcome {
  v.event('failed', { reason: 'refused' });
  v.pending.end();
  return { kind: 'fail', message: message ?? v.locale.messages.text('signInRefused'), status: 401 };
}
