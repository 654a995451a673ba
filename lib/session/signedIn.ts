import type { LogInRequest } from './recentVerification';

/** A request of a signed-in user: Passport's `req.isAuthenticated`, which `passport.session()` provides. */
export interface SignedInRequest extends LogInRequest {
  isAuthenticated?(): boolean;
}

/** Whether the request comes from a signed-in user (Passport's `req.isAuthenticated()`, else `req.user`). */
export function isSignedIn(req: SignedInRequest): boolean {
  if (typeof req.isAuthenticated === 'function') return req.isAuthenticated();
  return req.user !== undefined && req.user !== null && req.user !== false;
}
