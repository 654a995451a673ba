import { InvalidOptionError } from './errors';
import type { Middleware, RequestLike, ResponseLike, SessionLike } from './http';
import { nodeCallback } from './nodeCallback';
import { PendingSignIn } from './session/PendingSignIn';
import type { Settings } from './settings';

/** Options of `strategy.afterFirstFactor(options)`. */
export interface AfterFirstFactorOptions {
  /** Where the code prompt is served, such as `'/login/sms'`. Required. */
  redirectTo: string;
}

/**
 * The middleware after the first factor: it parks `req.user` in a new session as a pending
 * sign-in (not signed in) and sends the browser to the code prompt with a 303.
 */
export function afterFirstFactor(settings: Settings, options: AfterFirstFactorOptions): Middleware {
  const redirectTo = options?.redirectTo;
  if (typeof redirectTo !== 'string' || redirectTo === '') {
    throw new InvalidOptionError('afterFirstFactor.redirectTo', 'the URL of the code prompt, such as "/login/sms"');
  }
  return (req, res, next) => {
    parkFirstFactor(settings, req as RequestLike, res, redirectTo).then(undefined, next);
  };
}

async function parkFirstFactor(settings: Settings, req: RequestLike, res: ResponseLike, redirectTo: string): Promise<void> {
  if (!req.session) throw new Error('passport-sms-otp needs session support: add express-session before afterFirstFactor().');
  const user = req.user;
  if (user === undefined || user === null || user === false) return redirect(res, settings.loginUrl);

  const serialized = await nodeCallback<unknown>((done) => settings.serializer.serializeUser(user, req, done));
  await PendingSignIn.startSignIn(req as RequestLike & { session: SessionLike }, settings.name, serialized, settings.clock());
  // The first factor alone signs nobody in, not even for the rest of this request.
  req.user = undefined;
  redirect(res, redirectTo);
}

function redirect(res: ResponseLike, url: string): void {
  res.statusCode = 303;
  res.setHeader('Location', url);
  res.end();
}
