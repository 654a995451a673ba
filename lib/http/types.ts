import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of express-session's session this package uses. */
export interface SessionLike {
  regenerate(callback: (err?: unknown) => void): void;
  save(callback: (err?: unknown) => void): void;
  /** Passport's failure messages (`failureMessage: true`). */
  messages?: string[];
}

/** The parts of an Express response this package uses. */
export interface ResponseLike extends ServerResponse {
  locals?: Record<string, unknown>;
  /** Express's: renders one of the app's views and hands back the HTML (`render: 'app'`). */
  render?(view: string, locals: Record<string, unknown>, callback: (err: Error | null, html?: string) => void): void;
}

/**
 * The parts of an Express request this package uses: typed by shape, so the package works
 * with Express 4 and 5 and does not pull either's types into yours.
 */
export interface RequestLike extends IncomingMessage {
  session?: SessionLike;
  body?: unknown;
  user?: unknown;
  ip?: string;
  /** Whether the request came over HTTPS, as Express says (with `trust proxy`, from `X-Forwarded-Proto`). */
  secure?: boolean;
  originalUrl?: string;
  res?: ResponseLike;
}

/** A `(req, res, next)` middleware, typed so Express 4 and 5 both accept it. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
