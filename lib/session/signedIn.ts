import type { LogInRequest } from './recentVerification';

/** A request of a signed-in user: Passport's `req.isAuthenticated`, which `passport.session()` provides. */
export interface SignedInRequest extends LogInRequest {
  isAuthenticated?(): boolean;
}

/** Whether the request comes from a signed-in user (Passport's `req.isAuthenticated()`, else `req.user`). */
export function isSignedIn(req: SignedInRequest): boolean {
  if (typeof req.isAuthenticated === 'function') return req.isAuthenticated();
  return isUser(req.user);
}

/** Whether `value` is a user: Passport leaves `req.user` unset, and a `deserializeUser` answers `false` or `null` for none. */
export function isUser(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}
