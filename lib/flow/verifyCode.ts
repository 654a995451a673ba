import { readSubmittedCode } from '../otp/readSubmittedCode';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { userGone } from './commonOutcomes';
import { lockedOut } from './refusals';
import { numberNoLongerAllowed, saveNewNumber } from './saveNewNumber';
import { rememberThisDevice } from '../device/rememberThisDevice';

/**
 * Checks a submitted code in one store step: the lock, the code's attempt, the comparison, the
 * end of the sign-in and the user's failure count are decided together, so parallel guesses
 * (across sign-ins and instances) can neither exceed a limit nor sign in twice. A code sent to a
 * new number saves that number (exactly once) before the user goes on.
 */
export async function verifyCode(signIn: SignIn, input: unknown, rememberDevice: boolean): Promise<Outcome> {
  const { settings, now } = signIn;
  const { messages } = signIn.locale;
  const submitted = readSubmittedCode(input, settings.otpLength, settings.alphabet);
  if ('problem' in submitted) {
    const malformed = settings.numericOnly ? 'codeMalformedNumeric' : 'codeMalformed';
    const message = submitted.problem === 'missing' ? messages.text('codeMissing') : messages.text(malformed, { length: settings.otpLength });
    return { kind: 'fail', message, status: 400 };
  }

  // A number being verified is asked about again: another account may have taken it since it was typed.
  const newMobile = signIn.pending.newMobile;
  if (newMobile !== undefined && settings.enrollment) {
    const user = await signIn.user();
    if (user === undefined) return userGone(signIn);
    if (!(await settings.enrollment.isAllowed(newMobile, user, signIn.req))) return numberNoLongerAllowed(signIn);
  }

  const decision = await settings.store.verify({
    ...signIn.ref,
    now,
    hash: settings.hasher.hash(signIn.id, submitted.code, signIn.pending.newMobile),
    lockout: settings.lockout,
    endedTtlMs: settings.pendingTimeoutMs,
  });
  switch (decision.status) {
    case 'verified': {
      const user = await signIn.user();
      if (user === undefined) return userGone(signIn);
      if (newMobile !== undefined) await saveNewNumber(signIn, user, newMobile);
      if (rememberDevice && signIn.pending.purpose === 'sign_in') await rememberThisDevice(signIn);
      signIn.event('verified');
      signIn.endInSession();
      return { kind: 'success', user, verifiedAt: now, returnTo: signIn.pending.returnTo };
    }
    case 'wrong':
      return wrongCode(signIn, decision.attemptsLeft, decision.lockedForMs);
    case 'locked':
      signIn.event('failed', { reason: 'locked_out' });
      return { kind: 'fail', ...lockedOut(signIn.locale, decision.retryAfterMs) };
    case 'ended':
      // Another request ended this sign-in (a parallel submit of the right code): this copy of it ends too.
      signIn.endInSession();
      return { kind: 'fail', message: messages.text('codeUsed'), status: 401 };
    default:
      return unusableCode(signIn, decision.status);
  }
}

/** A compared wrong code: one event for the guess, and one more when it locked the user out. */
function wrongCode(signIn: SignIn, attemptsLeft: number, lockedForMs: number): Outcome {
  const { messages } = signIn.locale;
  if (attemptsLeft > 0) signIn.event('failed', { reason: 'wrong_code', attemptsLeft });
  else signIn.event('locked', { reason: 'max_attempts', attemptsLeft: 0 });
  if (lockedForMs > 0) {
    signIn.event('locked', { reason: 'lockout' });
    return { kind: 'fail', ...lockedOut(signIn.locale, lockedForMs) };
  }
  if (attemptsLeft > 0) return { kind: 'fail', message: messages.plural('wrongCode', attemptsLeft), status: 401 };
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}

/** Why no attempt could be made: no code was sent, it expired, or it took its last wrong attempt. */
function unusableCode(signIn: SignIn, reason: 'none' | 'expired' | 'exhausted'): Outcome {
  const { messages } = signIn.locale;
  if (reason === 'none') return { kind: 'fail', message: messages.text('noCode'), status: 401 };
  if (reason === 'expired') {
    signIn.event('expired');
    return { kind: 'fail', message: messages.text('codeExpired'), status: 401 };
  }
  signIn.event('failed', { reason: 'code_dead', attemptsLeft: 0 });
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}
