import { readSubmittedCode } from '../otp/readSubmittedCode';
import type { Outcome } from './Outcome';
import type { SignIn } from './SignIn';
import { userGone } from './commonOutcomes';

/**
 * Checks a submitted code. Every comparison first takes an attempt from the store, atomically,
 * and a right code is consumed atomically, so parallel guesses can neither exceed the limit
 * nor sign in twice.
 */
export async function verifyCode(signIn: SignIn, input: unknown): Promise<Outcome> {
  const { settings, now } = signIn;
  const { messages, store, hasher } = settings;
  const submitted = readSubmittedCode(input, settings.otpLength, settings.alphabet);
  if ('problem' in submitted) {
    const message = submitted.problem === 'missing' ? messages.text('codeMissing') : messages.text('codeMalformed', { length: settings.otpLength });
    return { kind: 'fail', message, status: 400 };
  }

  const attempt = await store.takeAttempt(signIn.id, now);
  if (attempt.status !== 'ready') return unusableCode(signIn, attempt.status);

  const hash = hasher.hash(signIn.id, submitted.code);
  if (hasher.matches(attempt.hash, hash) && (await store.consumeCode(signIn.id, attempt.hash))) {
    const user = await signIn.user();
    if (user === undefined) return userGone(signIn);
    signIn.event('verified');
    await signIn.end();
    return { kind: 'success', user };
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
