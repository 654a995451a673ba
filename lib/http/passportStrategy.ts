/**
 * The actions Passport gives a strategy while it authenticates a request
 * (it creates a copy of the strategy per request and adds them).
 */
export interface PassportActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  redirect(url: string, status?: number): void;
  pass(): void;
  error(err: unknown): void;
}

/** passport-strategy's base class, typed here so the package's types do not depend on Express's. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PassportStrategy = require('passport-strategy').Strategy as new () => PassportActions;
