import type { IncomingMessage } from 'node:http';

/** What a verify callback may pass with its answer; `message` is shown to a refused user. */
export interface VerifyInfo {
  readonly message?: string;
  readonly [key: string]: unknown;
}

/**
 * The verify callback's `done`, as in every Passport strategy: `done(null, user, info)` signs in
 * `user`, `done(null, false, info)` refuses (401, with `info.message`), `done(err)` is an error.
 */
export type VerifyDone<User> = (err: unknown, user?: User | false | null, info?: VerifyInfo) => void;

/**
 * The second constructor argument: called after a right code, and when a remembered device
 * completes the sign-in, with the user your `deserializeUser` gives. It may call `done`, or return
 * a promise (a user signs in; `false`, `null` or `undefined` refuses), or both, as NestJS's
 * `validate` does through `PassportStrategy`.
 */
export type VerifyCallback<User> = (user: User, done: VerifyDone<User>) => unknown;

/** The verify callback with option `passReqToCallback: true`: the request comes first. */
export type VerifyCallbackWithRequest<User> = (req: IncomingMessage, user: User, done: VerifyDone<User>) => unknown;
