import { readSubmittedCode } from '../otp/readSubmittedCode';
import type { Outcome } from './Outcome';
import type { Verification } from './Verification';
import { failed } from './outcomes';
import { endedElsewhere, numberNoLongerOnFile, refusedByApp, userGone } from './endVerification';
import { lockedOut } from './refusals';
import { numberNoLongerAllowed, saveNumber } from './saveNumber';
import { rememberThisDevice } from '../device/rememberThisDevice';
import { countVerified } from '../limits/tollFraudLimits';

/**
 * Checks a submitted code in one store step: the lock, the code's attempt, the comparison, the
 * end of the verification and the user's failure count are decided together, so parallel guesses
 * (across verifications and instances) can neither exceed a limit nor pass twice. A right code then
 * does what the kind's rules say, once what must still hold does (see `holdsUntilVerified`).
 */
export async function verifyCode(v: Verification, input: unknown, rememberDevice: boolean): Promise<Outcome> {
  const { settings, now, pending } = v;
  const { messages } = v.locale;
  const submitted = readSubmittedCode(input, settings.otpLength, settings.alphabet);
  if ('problem' in submitted) {
    const malformed = settings.numericOnly ? 'codeMalformedNumeric' : 'codeMalformed';
    const message = submitted.problem === 'missing' ? messages.text('codeMissing') : messages.text(malformed, { length: settings.otpLength });
    return { kind: 'fail', message, status: 400 };
  }

  // A number being verified is asked about again: another account may have taken it since it was typed.
  const newMobile = pending.newMobile;
  if (newMobile !== undefined && settings.enrollment) {
    const user = await v.user();
    if (user === undefined) return userGone(v);
    if (!(await settings.enrollment.isAllowed(newMobile, user, v.req))) return numberNoLongerAllowed(v);
  }

  const decision = await settings.store.verify({
    ...v.ref,
    now,
    hash: settings.hasher.hash(v.id, submitted.code, newMobile),
    lockout: settings.lockout,
    endedTtlMs: settings.pendingTimeoutMs,
  });
  switch (decision.status) {
    case 'verified':
      return verified(v, rememberDevice);
    case 'wrong':
      return wrongCode(v, decision.attemptsLeft, decision.lockedForMs, decision.held);
    case 'locked':
      v.event('failed', { reason: 'locked_out' });
      return failed(lockedOut(v.locale, decision.retryAfterMs));
    case 'held':
      v.event('failed', { reason: 'held' });
      return { kind: 'fail', message: messages.text('held'), status: 423 };
    case 'ended':
      // Another request ended this verification (a parallel submit of the right code): this copy of it ends too.
      v.pending.end();
      return { kind: 'fail', message: messages.text('codeUsed'), status: 401 };
    default:
      return unusableCode(v, decision.status);
  }
}

/** The right code (the store ended the verification): what must still hold is checked, then the kind's rules are carried out. */
async function verified(v: Verification, rememberDevice: boolean): Promise<Outcome> {
  const { rules, pending } = v;
  const user = await v.user();
  if (user === undefined) return endedElsewhere(v);
  if (rules.holdsUntilVerified !== 'nothing') {
    const mobile = await v.mobileOnFile(user);
    if (rules.holdsUntilVerified === 'no_number_on_file' && mobile !== undefined) return numberNoLongerOnFile(v, 'number_added', true);
    if (rules.holdsUntilVerified === 'same_number_on_file' && (mobile === undefined || v.settings.numberIds.of(mobile) !== pending.numberId)) {
      return numberNoLongerOnFile(v, 'number_changed', true);
    }
  }
  // The code is bound to its number (by its HMAC, or by the number on file just checked): counted in that number's groups.
  countVerifiedInGroups(v);
  // The app's verify callback decides who signs in, before anything is saved or remembered.
  const confirmation = rules.ends === 'sign_in' ? await v.settings.confirmSignIn(v.req, user) : { user };
  if ('refused' in confirmation) return refusedByApp(v, confirmation.refused);
  if (rules.saves !== 'nothing' && pending.newMobile !== undefined) await saveNumber(v, user, pending.newMobile);
  if (rememberDevice) await rememberThisDevice(v);
  const groups = v.settings.tollFraud && pending.groups;
  v.event('verified', groups ? { country: groups.country } : {});
  pending.end();
  if (rules.ends === 'sign_in') return { kind: 'signed_in', user: confirmation.user, info: confirmation.info, verifiedAt: v.now };
  return { kind: 'verified_again', user, verifiedAt: v.now, returnTo: pending.returnTo ?? '/' };
}

/**
 * With `tollFraud` on, counts the right code in the groups of the number it went to, for their
 * conversion rate: a write sent now and not awaited, so the verify keeps its one store round trip
 * before the response. A lost count only makes the group look worse: it is logged and ignored.
 * The groups are those the session kept with its latest code that went out (a send refused or
 * failed leaves them, as it leaves the previous code); a code is bound to its number by its HMAC
 * (a number given) or by the number on file checked above, so an older copy of the session holding
 * another number's groups never gets here with that code.
 */
function countVerifiedInGroups(v: Verification): void {
  const { tollFraud, tollFraudStore, logger, name } = v.settings;
  const groups = v.pending.groups;
  if (!tollFraud || !tollFraudStore || !groups) return;
  countVerified(tollFraudStore, tollFraud, groups, v.now).catch((err: unknown) => {
    logger.warn({ error: err instanceof Error ? err.message : String(err) }, `${name}: the store did not count a verified code for the toll-fraud conversion rate`);
  });
}

/** A compared wrong code: one event for the guess, and one more when it locked the user out or held them. */
function wrongCode(v: Verification, attemptsLeft: number, lockedForMs: number, held: boolean): Outcome {
  const { messages } = v.locale;
  if (attemptsLeft > 0) v.event('failed', { reason: 'wrong_code', attemptsLeft });
  else v.event('locked', { reason: 'max_attempts', attemptsLeft: 0 });
  if (held) {
    v.event('locked', { reason: 'held' });
    return { kind: 'fail', message: messages.text('held'), status: 423 };
  }
  if (lockedForMs > 0) {
    v.event('locked', { reason: 'lockout' });
    return failed(lockedOut(v.locale, lockedForMs));
  }
  if (attemptsLeft > 0) return { kind: 'fail', message: messages.plural('wrongCode', attemptsLeft), status: 401 };
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}

/** Why no attempt could be made: no code was sent, it expired, or it took its last wrong attempt. */
function unusableCode(v: Verification, reason: 'none' | 'expired' | 'exhausted'): Outcome {
  const { messages } = v.locale;
  if (reason === 'none') return { kind: 'fail', message: messages.text('noCode'), status: 401 };
  if (reason === 'expired') {
    v.event('expired');
    return { kind: 'fail', message: messages.text('codeExpired'), status: 401 };
  }
  v.event('failed', { reason: 'code_dead', attemptsLeft: 0 });
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}
