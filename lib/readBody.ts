import { SmsOtpError } from './errors';
import type { RequestLike } from './http';

/** Form and JSON bodies, which a body parser should have read into `req.body`. */
const PARSED_TYPES = /^\s*(application\/x-www-form-urlencoded|application\/json)\b/i;

/**
 * The posted fields. A form the app's body parser should have read but did not is a set-up
 * mistake (an error); a body of another type is the client's mistake (`'unsupported'`).
 */
export function readBody(req: RequestLike): Record<string, unknown> | 'unsupported' | undefined {
  if (req.method !== 'POST') return undefined;
  const type = req.headers['content-type'];
  if (req.body === undefined && type) {
    if (!PARSED_TYPES.test(type)) return 'unsupported';
    throw new SmsOtpError('passport-sms-otp reads the form from req.body: add express.urlencoded() before passport.authenticate().');
  }
  return req.body !== null && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
}
