import type { IncomingMessage } from 'node:http';
import type { VerifyCallback, VerifyCallbackWithRequest, VerifyInfo } from '../config/VerifyCallback';
import { SmsOtpError } from '../errors';

/** The app's verify callback, called the same way whichever form it was given in. */
export type ConfirmSignIn = (req: unknown, user: unknown) => Promise<Confirmation>;

/** The app's answer: who signs in (and what it said), or why nobody does (its message, if any). */
export type Confirmation = { readonly user: unknown; readonly info?: VerifyInfo } | { readonly refused: string | undefined };

/** With no verify callback, the user who typed the right code signs in. */
export const confirmEveryone: ConfirmSignIn = async (_req, user) => ({ user });

/**
 * Wraps the app's verify callback: it may answer through `done` or with a promise, and whichever
 * comes first decides. A promise answers with a user (an object), or refuses with `false`, `null`
 * or `undefined`; any other answer without `done` (a string, say, from a `getMobile` given where
 * the verify callback goes, as before 0.2) is an error rather than a user or a sign-in that never
 * answers.
 */
export function verifyCallback(verify: (...args: never[]) => unknown, passReqToCallback: boolean): ConfirmSignIn {
  return (req, user) =>
    new Promise<Confirmation>((resolve, reject) => {
      let answered = false;
      const done = (err: unknown, confirmed?: unknown, info?: VerifyInfo): void => {
        if (answered) return;
        answered = true;
        if (err) reject(err);
        else if (confirmed === undefined || confirmed === null || confirmed === false) resolve({ refused: messageOf(info) });
        else resolve({ user: confirmed, info });
      };
      let returned: unknown;
      try {
        returned = passReqToCallback ? (verify as VerifyCallbackWithRequest<unknown>)(req as IncomingMessage, user, done) : (verify as VerifyCallback<unknown>)(user, done);
      } catch (err) {
        done(err ?? new SmsOtpError('The verify callback threw.'));
        return;
      }
      if (isThenable(returned)) {
        returned.then(
          (value) => (value === undefined || value === null || typeof value === 'object' || value === false ? done(null, value) : done(wrongAnswer('resolved with', value))),
          (err: unknown) => done(err ?? new SmsOtpError('The verify callback rejected.')),
        );
      } else if (returned !== undefined) {
        done(wrongAnswer('returned', returned));
      }
    });
}

/** A verify callback that answers with something other than a user (an object) or a refusal, and without calling `done`. */
function wrongAnswer(how: string, value: unknown): SmsOtpError {
  return new SmsOtpError(
    `The verify callback ${how} a ${typeof value} without calling done: it must call done(null, user) or answer with a user object or false. ` +
      "Since 0.2 a function given as the constructor's last argument is the verify callback: give getMobile as an option.",
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}

function messageOf(info: VerifyInfo | undefined): string | undefined {
  return typeof info?.message === 'string' && info.message !== '' ? info.message : undefined;
}
