import { InvalidOptionError } from '../../errors';
import { required } from '../../config/validate';

const EXPECTED = 'the full public http(s) URL of the receipts route, such as https://example.com/sms-otp/status/twilio';

/**
 * Checks `statusCallbackUrl` and returns it as given (trimmed): Twilio signs its callbacks for the
 * exact URL it was sent. Absolute http or https, with no user name or password (the signature is what
 * proves a callback came from Twilio). A fragment holds Twilio's connection overrides (`#rc=3&rp=5xx`).
 *
 * @throws {InvalidOptionError} for anything else.
 */
export function checkStatusCallbackUrl(value: unknown): string {
  const text = required.string('statusCallbackUrl', value, EXPECTED).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError('statusCallbackUrl', EXPECTED, 'a string that is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidOptionError('statusCallbackUrl', EXPECTED, `a ${url.protocol} URL`);
  if (url.username !== '' || url.password !== '') throw new InvalidOptionError('statusCallbackUrl', `${EXPECTED}, without a user name or password`, 'a URL with credentials');
  return text;
}

/**
 * The URLs a callback's signature may cover: the one Twilio requests (without the fragment, which is
 * never sent), and the URL exactly as configured when it has a fragment.
 */
export function signedUrls(statusCallbackUrl: string): readonly string[] {
  const requested = statusCallbackUrl.replace(/#.*$/s, '');
  return requested === statusCallbackUrl ? [requested] : [requested, statusCallbackUrl];
}
