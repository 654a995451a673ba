import type { RequestLike } from '../http';

/** Where this request was sent, to come back to it (Post/Redirect/Get); `fallback` when unknown. */
export function pathOf(req: RequestLike, fallback: string): string {
  return req.originalUrl ?? req.url ?? fallback;
}
