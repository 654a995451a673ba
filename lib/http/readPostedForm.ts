import { SmsOtpError } from '../errors';
import type { RequestLike } from './types';

/** The fields a request posted, or why they cannot be read (the client's mistake, never a 500). */
export type PostedForm =
  | { readonly readable: true; readonly fields: Readonly<Record<string, unknown>> }
  /** `415`: a format the app does not parse; `400`: parsed, but not a set of fields (a JSON array), or cut short. */
  | { readonly readable: false; readonly status: 400 | 415; readonly formUnread?: true };

const NO_FIELDS: PostedForm = Object.freeze({ readable: true, fields: Object.freeze({}) });

/** The type the prompt posts, and the only one whose being unread can be the app's set-up mistake. */
const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;
/**
 * The form type as a browser sends it, which body-parser 1 and 2 both read when they are mounted
 * (body-parser 1 skips a type with malformed parameters, such as `…urlencoded;`, which a client can send).
 */
const BROWSER_FORM_TYPE = /^application\/x-www-form-urlencoded(?:;\s*charset=[\w-]+)?$/i;

/**
 * The fields of a request, as the app's body parser (such as `express.urlencoded()`) left them in `req.body`.
 *
 * Whether the parser read the body is judged from the request, not from `req.body` alone: body-parser 1
 * (Express 4) sets `req.body = {}` before it looks at the type, and body-parser 2 (Express 5) leaves it
 * `undefined` whenever it parsed nothing, so neither value tells "no body" from "a body nobody read".
 *
 * `formUnread` marks the app's set-up mistake a user cannot fix: a form of the prompt's type
 * that a body parser saw and left unread (`express.json()` alone), so `express.urlencoded()` is missing.
 *
 * @throws {SmsOtpError} when a form with content came and no body parser ran at all: a set-up mistake
 * that every user of the app would hit, so it goes to the app's error handler.
 */
export function readPostedForm(req: RequestLike): PostedForm {
  if (req.method !== 'POST') return NO_FIELDS;
  const body = req.body;
  if (wasRead(req)) {
    if (isFieldSet(body)) return { readable: true, fields: body };
    // A text or raw parser left a string or bytes: another format. Anything else parsed to a non-form.
    const otherFormat = body === undefined || typeof body === 'string' || ArrayBuffer.isView(body);
    return { readable: false, status: otherFormat ? 415 : 400 };
  }
  if (!bodyWaiting(req)) return isFieldSet(body) ? { readable: true, fields: body } : NO_FIELDS;
  // The client went away before its body was in (aborted, or cut short): body-parser 2 then skips the
  // request, so an unread body here is the client's doing, not a missing parser. Its socket stops being
  // readable a moment before the request is marked destroyed, and body-parser 2 skips on either.
  if (req.destroyed || req.socket?.readable === false) return { readable: false, status: 400 };
  // body-parser 1 and 2 both create `req.body` when they run, whatever the type.
  const type = req.headers['content-type'] ?? '';
  if (!('body' in req) && FORM_TYPE.test(type)) {
    throw new SmsOtpError('passport-sms-otp reads the form from req.body: add express.urlencoded() before passport.authenticate().');
  }
  // Another parser ran (express.json() alone) and left a browser's form unread: no user can fix that.
  return BROWSER_FORM_TYPE.test(type) ? { readable: false, status: 415, formUnread: true } : { readable: false, status: 415 };
}

/** A parser consumed the body: body-parser 1 marks it with `req._body`; any reader ends the stream. */
function wasRead(req: RequestLike): boolean {
  return (req as { _body?: unknown })._body === true || req.readableEnded;
}

/** Body bytes came, or may still come, that nobody read. */
function bodyWaiting(req: RequestLike): boolean {
  const { 'content-length': length, 'transfer-encoding': encoding } = req.headers;
  if (encoding === undefined && !(Number(length) > 0)) return false;
  // A chunked body of no chunks: the whole request is in, and nothing is waiting to be read.
  return !(req.complete && req.readableLength === 0);
}

function isFieldSet(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
