import { readSubmittedCode } from '../otp/readSubmittedCode';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { userGone } from './commonOutcomes';
import { lockedOut } from './refusals';

/**
 * Checks a submitted code. Every comparison first takes a point from the user's lockout count
 * and an attempt from the code, both atomically, and a right code is consumed atomically,
 * so parallel guesses can neither exceed the limits nor sign in twice.
 */
export async function verifyCode(signIn: SignIn, input: unknown): Promise<Outcome> {
  const { settings, now, userKey } = signIn;
  const { messages, store, hasher, lockout } = settings;
  const submitted = readSubmittedCode(input, settings.otpLength, settings.alphabet);
  if ('problem' in submitted) {
    const message = submitted.problem === 'missing' ? messages.text('codeMissing') : messages.text('codeMalformed', { length: settings.otpLength });
    return { kind: 'fail', message, status: 400 };
  }

  const lock = await lockout.takeAttempt(userKey);
  if (!lock.allowed) return { kind: 'fail', ...lockedOut(signIn, lock.retryAfterMs) };

  const attempt = await store.takeAttempt(signIn.id, now);
  if (attempt.status !== 'ready') {
    await lockout.cancelAttempt(userKey);
    return unusableCode(signIn, attempt.status);
  }

  const hash = hasher.hash(signIn.id, submitted.code);
  if (hasher.matches(attempt.hash, hash)) {
    // The right code resets the lockout count even when a parallel submission of it consumed the
    // code first (that one is not a guess, so not a failure); sent together, both take one round trip.
    const [consumed] = await Promise.all([store.consumeCode(signIn.id, attempt.hash), lockout.reset(userKey)]);
    if (!consumed) return { kind: 'fail', message: messages.text('codeUsed'), status: 401 };
    const user = await signIn.user();
    if (user === undefined) return userGone(signIn);
    signIn.event('verified');
    signIn.endInSession();
    return { kind: 'success', user };
  }

  if (await lockout.confirmFailure(userKey, lock.failures)) {
    signIn.event('failed', { reason: 'wrong_code', attemptsLeft: attempt.attemptsLeft });
    return { kind: 'fail', ...lockedOut(signIn, lockout.durationSeconds * 1000) };
  }
  if (attempt.attemptsLeft > 0) {
    signIn.event('failed', { reason: 'wrong_code', attemptsLeft: attempt.attemptsLeft });
    return { kind: 'fail', message: messages.plural('wrongCode', attempt.attemptsLeft), status: 401 };
  }
  signIn.event('locked', { reason: 'max_attempts', attemptsLeft: 0 });
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}

/** Why no attempt could be made: no code was sent, it expired, or it took its last wrong attempt. */
function unusableCode(signIn: SignIn, reason: 'none' | 'expired' | 'exhausted'): Outcome {
  const { messages } = signIn.settings;
  if (reason === 'none') return { kind: 'fail', message: messages.text('noCode'), status: 401 };
  if (reason === 'expired') {
    signIn.event('expired');
    return { kind: 'fail', message: messages.text('codeExpired'), status: 401 };
  }
  signIn.event('failed', { reason: 'code_dead', attemptsLeft: 0 });
  return { kind: 'fail', message: messages.text('codeDead'), status: 401 };
}
