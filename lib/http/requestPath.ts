import type { RequestLike } from './types';

/**
 * The path and query of the request, safe to put in a `Location` header or a form's `action`.
 *
 * Only the path is ever taken: an absolute-form request line (`POST http://evil.example/login/sms`)
 * names a host the app does not serve, and Express routes it on its path alone. Leading slashes
 * and backslashes collapse to one, since a browser reads `//host` and `/\host` as another site.
 */
export function requestPath(req: RequestLike): string {
  const target = req.originalUrl ?? req.url ?? '/';
  const path = target.startsWith('/') ? target : pathOfAbsoluteUrl(target);
  return `/${path.replace(/^[/\\]+/, '')}`;
}

/** The fields of the request's query string. */
export function requestQuery(req: RequestLike): URLSearchParams {
  return new URL(requestPath(req), 'http://request.invalid').searchParams;
}

/** The path of the request without its query, as a log line names a route. */
export function requestPathname(req: RequestLike): string {
  return requestPath(req).replace(/\?.*/s, '');
}

/** The path of `http://host/path`; anything else that is not a path (`*`, `host:port`) is no page. */
function pathOfAbsoluteUrl(target: string): string {
  const url = URL.canParse(target) ? new URL(target) : undefined;
  return url?.protocol === 'http:' || url?.protocol === 'https:' ? url.pathname + url.search : '/';
}
