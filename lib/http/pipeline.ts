import type { Settings } from '../config/resolveSettings';
import { OtpStoreUnavailableError, SmsOtpError } from '../errors';
import { logStoreOutage } from '../events/logStoreOutage';
import type { Outcome } from '../flow/Outcome';
import { unavailablePage, unreadableForm } from '../flow/outcomes';
import type { FlowRequest } from '../flow/Verification';
import { logOnce } from './logOnce';
import { readPostedForm } from './readPostedForm';
import { requestPathname } from './requestPath';
import type { LogInRequest } from '../session/recentVerification';
import { middlewareResponder } from './respond';
import type { Middleware, RequestLike } from './types';

/** What an entry point does with a request that passed the pipeline: the fields it posted (none for a GET). */
export type Handler = (req: FlowRequest, fields: Readonly<Record<string, unknown>>) => Promise<Outcome>;

/** An entry point of the package: its name in set-up errors, and whether it reads a posted form. */
export interface EntryPoint {
  /** Such as `'passport.authenticate()'` or `'changeMobile()'`. */
  readonly name: string;
  /** `false` for a guard in front of the app's own routes, whose bodies are the app's. */
  readonly readsForm: boolean;
}

/**
 * The one path every request of the package takes: the session (a set-up error without one), the
 * posted form (unreadable: a 4xx, never a 500), then the entry point's handler; a store that cannot
 * answer gives the 503 page (fail closed).
 */
export async function runPipeline(req: RequestLike, settings: Settings, entry: EntryPoint, handle: Handler): Promise<Outcome> {
  if (!req.session) throw new SmsOtpError(`passport-sms-otp needs session support: add express-session before ${entry.name}.`);
  try {
    if (!entry.readsForm) return await handle(req as FlowRequest, {});
    const posted = readPostedForm(req);
    if (!posted.readable) {
      if (posted.formUnread) warnOfUnreadForm(req, settings, entry);
      return unreadableForm(req, settings, posted.status);
    }
    return await handle(req as FlowRequest, posted.fields);
  } catch (err) {
    if (!(err instanceof OtpStoreUnavailableError)) throw err;
    logStoreOutage(settings, err);
    return unavailablePage(req, settings);
  }
}

/**
 * Says, once per strategy and entry point, why every user of a route whose form nobody parses sees
 * "The form could not be read" (a 415), which no user can fix.
 */
function warnOfUnreadForm(req: RequestLike, settings: Settings, entry: EntryPoint): void {
  const fields = { strategy: settings.name, entryPoint: entry.name, path: requestPathname(req) };
  logOnce(settings, `form_unread ${entry.name}`, () =>
    settings.logger.warn(
      fields,
      `${settings.name}: a form posted to ${entry.name} was not read by any body parser (express.json() alone does not read forms), so every user sees "The form could not be read": add express.urlencoded() before ${entry.name}.`,
    ),
  );
}

/** A middleware of the package: the pipeline, then the middleware's way of answering. */
export function pipelineMiddleware(settings: Settings, entry: EntryPoint, handle: Handler): Middleware {
  return (req, res, next) => {
    runPipeline(req as RequestLike, settings, entry, handle)
      .then(middlewareResponder(req as LogInRequest, res, next, settings))
      .then(undefined, next);
  };
}
