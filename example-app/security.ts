import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers. The content security policy allows only this site's own files: the pages use
 * a stylesheet and a script file, never inline code. Plain-HTTP development keeps its URLs as they
 * are; in production browsers are told to upgrade to HTTPS.
 */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'"],
        'script-src': ["'self'"],
        'img-src': ["'self'"],
        'upgrade-insecure-requests': production ? [] : null,
      },
    },
  });
}

/**
 * CSRF protection with the synchronizer token pattern: the token lives in the session, and every
 * form sends it back in a hidden `_csrf` field (the strategy's prompt renders it from
 * `res.locals.csrfToken`). Unsafe methods without the right token get a 403.
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromForm === 'string' ? fromForm : (req.headers['x-csrf-token'] as string | undefined);
  },
});

export const csrfProtection: RequestHandler = csrfSynchronisedProtection;

/** Puts the session's CSRF token where views (and the strategy's prompt) find it. For pages with forms. */
export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = generateToken(req);
  next();
};

/** Whether an error is csrf-sync's "invalid csrf token". */
export function isCsrfError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN';
}
