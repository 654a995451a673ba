import { createHmac, randomBytes } from 'node:crypto';
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

/** A message or call the emulator created, as its create request gave it. */
export interface CreatedResource {
  readonly sid: string;
  readonly kind: 'message' | 'call';
  readonly to: string;
  readonly from: string;
  /** The `StatusCallback` it was created with. */
  readonly statusCallback: string | undefined;
  /** A call's inline `Twiml`. */
  readonly twiml: string | undefined;
}

/** A status callback as Twilio sends it: the form fields, and their signature for `url`. */
export interface StatusCallback {
  /** The URL Twilio requests and signs: the `StatusCallback` the create request gave, without its fragment (connection overrides). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly signature: string;
}

/** What the app answered to a status callback. */
export interface CallbackAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Emulates `POST /2010-04-01/Accounts/{Sid}/Messages.json` and `.../Calls.json` of Twilio's REST API
 * (Basic auth, form fields, 201 with the resource, or Twilio's error document) and the status
 * callbacks Twilio then posts to each resource's `StatusCallback`, signed as Twilio signs them.
 */
export interface TwilioEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** Every message and call created, by SID. */
  readonly created: ReadonlyMap<string, CreatedResource>;
  /** Makes the next request fail with this error. */
  failNext(error: TwilioError): void;
  /** A real twilio client whose requests go to this emulator. */
  client(accountSid?: string, authToken?: string): twilio.Twilio;
  /**
   * The status callback Twilio would send for the message or call `sid`: a message's `MessageStatus`
   * and `SmsStatus` (with `ErrorCode` when given), or a call's `CallStatus`, signed with `authToken`.
   */
  statusCallback(sid: string, status: string, options?: { errorCode?: number; authToken?: string }): StatusCallback;
  /**
   * Posts a status callback as Twilio does, to `reach` (default its URL): where a proxy or a tunnel in
   * front of the app delivers it. `signature: null` leaves the header out.
   */
  post(callback: StatusCallback, options?: { reach?: string; signature?: string | null }): Promise<CallbackAnswer>;
}

export const TOO_MANY_REQUESTS: TwilioError = { status: 429, code: 20429, message: 'Too Many Requests' };
export const SERVER_ERROR: TwilioError = { status: 500, code: 20500, message: 'An internal server error has occurred' };

/**
 * Twilio's request signature, from its documented algorithm (https://www.twilio.com/docs/usage/webhooks/webhooks-security):
 * the full URL, then each POST field's name and value, sorted by name, with no delimiters; HMAC-SHA1
 * of that under the auth token, in Base64. Written here without the SDK, so the SDK's check is
 * tested against it.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const RESOURCE = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/;

export async function startTwilioEmulator(): Promise<TwilioEmulator> {
  const received: ReceivedRequest[] = [];
  const created = new Map<string, CreatedResource>();
  let next: TwilioError | undefined;
  const fail = (res: Parameters<typeof sendJson>[0], error: TwilioError): void =>
    sendJson(res, error.status, { ...error, more_info: `https://www.twilio.com/docs/errors/${error.code}` });

  const server = await startServer((request, res) => {
    received.push(request);
    const match = RESOURCE.exec(request.path);
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
    const statusCallback = form.get('StatusCallback') ?? undefined;
    if (statusCallback !== undefined && !/^https?:\/\/[^/]/.test(statusCallback)) {
      return fail(res, { status: 400, code: 21609, message: `The StatusCallback URL ${statusCallback} is not a valid URL.` });
    }
    const to = form.get('To') ?? '';
    const outcome = match[2] === 'Messages' ? createMessage(form, to) : createCall(form, to);
    if ('status' in outcome) return fail(res, outcome);
    created.set(outcome.sid, { ...outcome.resource, sid: outcome.sid, to, statusCallback });
    sendJson(res, 201, outcome.document);
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
    created,
    failNext: (error) => {
      next = error;
    },
    client: (accountSid = ACCOUNT_SID, authToken = AUTH_TOKEN) =>
      twilio(accountSid, authToken, { httpClient: new EmulatorRequestClient({ timeout: 2000 }) }),
    statusCallback: (sid, status, { errorCode, authToken = AUTH_TOKEN } = {}) => {
      const resource = created.get(sid);
      if (!resource?.statusCallback) throw new Error(`${sid} was created without a StatusCallback`);
      const params = resource.kind === 'message' ? messageStatusFields(resource, status, errorCode) : callStatusFields(resource, status);
      const url = resource.statusCallback.replace(/#.*$/s, '');
      return { url, params, signature: twilioSignature(authToken, url, params) };
    },
    post: async (callback, { reach = callback.url, signature = callback.signature } = {}) => {
      const response = await fetch(reach, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': 'TwilioProxy/1.1',
          ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
        },
        body: new URLSearchParams(callback.params).toString(),
      });
      return { status: response.status, body: await response.text() };
    },
  };
}

type Outcome = TwilioError | { readonly sid: string; readonly resource: Omit<CreatedResource, 'sid' | 'to' | 'statusCallback'>; readonly document: object };

function newSid(prefix: 'SM' | 'CA'): string {
  return prefix + randomBytes(16).toString('hex');
}

function twilioDate(): string {
  return new Date().toUTCString().replace('GMT', '+0000');
}

function createMessage(form: URLSearchParams, to: string): Outcome {
  if (to === INVALID_NUMBER) return { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
  if (to === UNSUBSCRIBED_NUMBER) return { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' };
  if (to === NOT_MOBILE_NUMBER) return { status: 400, code: 21614, message: `'To' number ${to} is not a valid mobile number` };
  const sid = newSid('SM');
  const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
  const now = twilioDate();
  return {
    sid,
    resource: { kind: 'message', from, twiml: undefined },
    document: {
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
    },
  };
}

function createCall(form: URLSearchParams, to: string): Outcome {
  if (to === INVALID_NUMBER) return { status: 400, code: 21217, message: `Phone number ${to} does not appear to be valid` };
  const twiml = form.get('Twiml') ?? undefined;
  const sid = newSid('CA');
  const from = form.get('From') ?? '';
  const now = twilioDate();
  return {
    sid,
    resource: { kind: 'call', from, twiml },
    document: {
      account_sid: ACCOUNT_SID,
      answered_by: null,
      api_version: '2010-04-01',
      caller_name: null,
      date_created: now,
      date_updated: now,
      direction: 'outbound-api',
      duration: null,
      end_time: null,
      from,
      from_formatted: from,
      parent_call_sid: null,
      phone_number_sid: null,
      price: null,
      price_unit: 'USD',
      sid,
      start_time: null,
      status: 'queued',
      subresource_uris: { notifications: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${sid}/Notifications.json` },
      to,
      to_formatted: to,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${sid}.json`,
    },
  };
}

/** The fields of a message's status callback, as Twilio posts them. */
function messageStatusFields(message: CreatedResource, status: string, errorCode: number | undefined): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    From: message.from,
    MessageSid: message.sid,
    MessageStatus: status,
    SmsSid: message.sid,
    SmsStatus: status,
    To: message.to,
    ...(errorCode === undefined ? {} : { ErrorCode: String(errorCode) }),
  };
}

/** The fields of a call's status callback (its `completed` event, Twilio's default), as Twilio posts them. */
function callStatusFields(call: CreatedResource, status: string): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: status,
    CallbackSource: 'call-progress-events',
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    SequenceNumber: '0',
    Timestamp: twilioDate(),
    To: call.to,
    ...(status === 'completed' ? { CallDuration: '21', Duration: '1' } : {}),
  };
}

/** A Twilio emulator for the tests of the calling file, its record of requests cleared before each test. */
export function useTwilioEmulator(): { readonly api: TwilioEmulator } {
  let started: TwilioEmulator | undefined;
  beforeAll(async () => {
    started = await startTwilioEmulator();
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    started?.received.splice(0);
  });
  return {
    get api() {
      if (!started) throw new Error('the Twilio emulator starts before the tests run');
      return started;
    },
  };
}
