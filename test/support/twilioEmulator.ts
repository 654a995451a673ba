import twilio from 'twilio';
import { basicAuth, sendJson, startServer, type LocalServer, type ReceivedRequest } from './httpServer';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'twilio-auth-token-0123456789abcd';
/** Twilio's magic test numbers: an invalid number, one that replied STOP, and one that cannot receive SMS (a landline). */
export const INVALID_NUMBER = '+15005550001';
export const UNSUBSCRIBED_NUMBER = '+15005550004';
export const NOT_MOBILE_NUMBER = '+15005550009';

interface TwilioError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

/**
 * Emulates `POST /2010-04-01/Accounts/{Sid}/Messages.json` of Twilio's REST API:
 * Basic auth, form fields, 201 with the message resource, or Twilio's error document.
 */
export interface TwilioEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** Makes the next request fail with this error. */
  failNext(error: TwilioError): void;
  /** A real twilio client whose requests go to this emulator. */
  client(accountSid?: string, authToken?: string): twilio.Twilio;
}

export const TOO_MANY_REQUESTS: TwilioError = { status: 429, code: 20429, message: 'Too Many Requests' };
export const SERVER_ERROR: TwilioError = { status: 500, code: 20500, message: 'An internal server error has occurred' };

export async function startTwilioEmulator(): Promise<TwilioEmulator> {
  const received: ReceivedRequest[] = [];
  let next: TwilioError | undefined;
  const fail = (res: Parameters<typeof sendJson>[0], error: TwilioError): void =>
    sendJson(res, error.status, { ...error, more_info: `https://www.twilio.com/docs/errors/${error.code}` });

  const server = await startServer((request, res) => {
    received.push(request);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path);
    if (request.method !== 'POST' || !match) return fail(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
    const auth = basicAuth(request.headers.authorization);
    if (!auth || auth.user !== ACCOUNT_SID || auth.password !== AUTH_TOKEN || match[1] !== ACCOUNT_SID) {
      return fail(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    if (next) {
      const error = next;
      next = undefined;
      return fail(res, error);
    }
    const form = new URLSearchParams(request.body);
    const to = form.get('To') ?? '';
    if (to === INVALID_NUMBER) return fail(res, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    if (to === UNSUBSCRIBED_NUMBER) return fail(res, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    if (to === NOT_MOBILE_NUMBER) return fail(res, { status: 400, code: 21614, message: `'To' number ${to} is not a valid mobile number` });
    const sid = `SM${'0123456789abcdef'.repeat(2)}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    sendJson(res, 201, {
      account_sid: ACCOUNT_SID,
      api_version: '2010-04-01',
      body: form.get('Body'),
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.get('From'),
      messaging_service_sid: form.get('MessagingServiceSid'),
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}.json`,
    });
  });

  /** The SDK's own HTTP client, with api.twilio.com swapped for the emulator. */
  class EmulatorRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
      return super.request<T>({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, server.origin) });
    }
  }

  return {
    ...server,
    received,
    failNext: (error) => {
      next = error;
    },
    client: (accountSid = ACCOUNT_SID, authToken = AUTH_TOKEN) =>
      twilio(accountSid, authToken, { httpClient: new EmulatorRequestClient({ timeout: 2000 }) }),
  };
}
