import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';

/** A language as `?lang=` takes it: two letters. Which ones have text is the strategy's business (others fall back to Accept-Language). */
const LANGUAGE = /^[a-z]{2}$/;
const COOKIE = /(?:^|;\s*)lang=([a-z]{2})(?:;|$)/;
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * `?lang=xx` on any page (the links in the footer) picks the language of the code pages and texts,
 * and a cookie keeps it. Not the session: the sign-in regenerates the session twice (after the
 * password, after the code), which would drop the choice halfway through.
 */
export const languageSwitch: RequestHandler = (req, res, next) => {
  const asked = req.query.lang;
  if (typeof asked === 'string' && LANGUAGE.test(asked)) {
    res.cookie('lang', asked, { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: ONE_YEAR_MS });
  }
  next();
};

/**
 * The strategy's `locale` option: the language chosen with `?lang=` (this request's, or the
 * cookie's), else `undefined`, which lets the browser's Accept-Language decide.
 */
export function chosenLanguage(req: { readonly query?: unknown; readonly headers: IncomingHttpHeaders }): string | undefined {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (typeof asked === 'string' && LANGUAGE.test(asked)) return asked;
  return COOKIE.exec(req.headers.cookie ?? '')?.[1];
}
