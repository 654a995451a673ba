import { createHash, createHmac, randomUUID, verify, type KeyObject } from 'node:crypto';
import { basicAuth, sendJson, startServer, type LocalServer, type ReceivedRequest } from './httpServer';

export const API_KEY = 'a1b2c3d4';
export const API_SECRET = 'vonage-secret-XyZ123';

/** Per-message statuses of the SMS API, with the `error-text` Vonage sends. */
export const STATUS_TEXT: Readonly<Record<string, string>> = {
  '1': 'Throttled',
  '2': 'Missing to param',
  '3': 'Invalid to param',
  '4': 'Bad Credentials',
  '6': 'Invalid Message',
  '7': 'Number Barred',
  '9': 'Quota Exceeded - rejected',
  '29': 'Non White-listed Destination - rejected',
  '33': 'Number De-activated',
};

/** The RFC 7807 problem documents Vonage's APIs answer an HTTP error with. */
const PROBLEMS: Readonly<Record<number, { type: string; title: string; detail: string }>> = {
  400: { type: 'bad-request', title: 'Bad Request', detail: 'The request failed due to validation errors.' },
  401: { type: 'unauthorized', title: 'Invalid credentials supplied', detail: 'You did not provide correct credentials.' },
  403: { type: 'forbidden', title: 'Forbidden', detail: 'Your account does not have permission to perform this action.' },
  429: { type: 'rate-limit', title: 'Rate Limit Hit', detail: 'Please wait, then retry your request.' },
  500: { type: 'internal-error', title: 'Internal Error', detail: 'Something went wrong.' },
};

/** The dashboard's "Signature method" of a signed webhook. */
export type SignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/** The dashboard's settings of delivery receipts: the URL, the "Webhook format", and the signature when signed webhooks are on. */
export interface ReceiptSettings {
  readonly url: string;
  readonly format: 'GET' | 'POST' | 'POST-JSON';
  readonly signature?: { readonly secret: string; readonly method: SignatureMethod };
}

/** A Vonage application with the Voice capability: its ID and the public key its JWTs are checked with. */
export interface VoiceApplicationSettings {
  readonly applicationId: string;
  readonly publicKey: KeyObject | string;
}

/** A call the Voice API accepted: the request's endpoints and NCCO, and the claims of its JWT. */
export interface PlacedCall {
  readonly uuid: string;
  readonly to: unknown;
  readonly from: unknown;
  readonly ncco: unknown;
  readonly claims: Readonly<Record<string, unknown>>;
}

type Failure = { status: string } | { httpStatus: number } | { delayMs: number };

/**
 * Emulates Vonage: `POST /sms/json` of the SMS API (JSON body, Basic auth or api_key and api_secret
 * in the body, HTTP 200 with a status and `message-id` per part of the text, `message-count` as a
 * string), the delivery receipts it sends for those parts (signed as Vonage signs them when signed
 * webhooks are on), and `POST /v1/calls` of the Voice API (a JWT signed with the application's
 * private key, `201` with the call's uuid).
 */
export interface VonageEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** The calls placed, in order. */
  readonly calls: PlacedCall[];
  /** Makes the next request answer with this per-message status in a 200 (SMS API), with this HTTP status, or late. */
  failNext(failure: Failure): void;
  /** Sets where and how delivery receipts go, as the dashboard's API settings do. */
  setReceipts(settings: ReceiptSettings): void;
  /**
   * Sends the receipt of one part of a text sent, as Vonage does, and resolves with the HTTP status
   * the app answered. `alter` changes its fields after signing, as someone on the way could.
   */
  sendReceipt(messageId: string, outcome: { status: string; errCode?: string }, alter?: (fields: Record<string, string>) => Record<string, string>): Promise<number>;
}

/** The length of one part of a long text: 153 GSM-7 characters, or 67 UCS-2 ones, after the concatenation header. */
function partsOf(text: string, unicode: boolean): number {
  const [single, part] = unicode ? [70, 67] : [160, 153];
  return text.length <= single ? 1 : Math.ceil(text.length / part);
}

function problem(res: Parameters<typeof sendJson>[0], status: number, extra: object = {}): void {
  const { type, title, detail } = PROBLEMS[status] ?? PROBLEMS[500];
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://developer.vonage.com/api-errors#${type}`, title, detail, instance: 'bf0ca0bf927b3b52e3cb03217e1a1ddf', ...extra }));
}

const HMAC_HASHES: Readonly<Record<Exclude<SignatureMethod, 'md5hash'>, string>> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/**
 * Vonage's signature of a webhook's fields, as "Signing Messages" describes it: every field sorted by
 * name as `&name=value` with `&` and `=` in values made `_`; an MD5 of that followed by the secret,
 * or the HMAC of it under the secret (upper-case hex, as Vonage sends HMACs).
 */
export function vonageSignature(fields: Readonly<Record<string, string>>, secret: string, method: SignatureMethod): string {
  const signed = Object.keys(fields)
    .sort()
    .map((name) => `&${name}=${fields[name].replace(/[&=]/g, '_')}`)
    .join('');
  if (method === 'md5hash') return createHash('md5').update(signed + secret).digest('hex');
  return createHmac(HMAC_HASHES[method], secret).update(signed).digest('hex').toUpperCase();
}

/** The claims of an RS256 JWT whose signature the key verifies, or `undefined`. */
function verifiedClaims(token: string, publicKey: KeyObject | string): Record<string, unknown> | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length > 0) return undefined;
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (decode(header).alg !== 'RS256') return undefined;
  if (!verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return undefined;
  return decode(payload);
}

/** `2020-01-01 12:00:00` and `2001011200`, the UTC times of a receipt. */
function receiptTimes(now: Date): { messageTimestamp: string; scts: string } {
  const iso = now.toISOString();
  return { messageTimestamp: `${iso.slice(0, 10)} ${iso.slice(11, 19)}`, scts: iso.slice(2, 16).replace(/[-T:]/g, '') };
}

export async function startVonageEmulator(options: { application?: VoiceApplicationSettings } = {}): Promise<VonageEmulator> {
  const received: ReceivedRequest[] = [];
  const calls: PlacedCall[] = [];
  const sent = new Map<string, { to: string; from: string }>();
  let nextId = 0x123abcd0;
  let next: Failure | undefined;
  let receipts: ReceiptSettings | undefined;
  const refuse = (res: Parameters<typeof sendJson>[0], status: string): void =>
    sendJson(res, 200, { 'message-count': '1', messages: [{ status, 'error-text': STATUS_TEXT[status] }] });

  async function sms(request: ReceivedRequest, res: Parameters<typeof sendJson>[0], failure: Failure | undefined): Promise<void> {
    const body = JSON.parse(request.body) as Record<string, string>;
    const auth = basicAuth(request.headers.authorization) ?? { user: body.api_key, password: body.api_secret };
    if (auth.user !== API_KEY || auth.password !== API_SECRET) return refuse(res, '4');
    if (failure && 'status' in failure) return refuse(res, failure.status);
    if (!body.to) return refuse(res, '2');
    if (!/^[0-9]{7,15}$/.test(body.to)) return refuse(res, '3');
    const count = partsOf(body.text ?? '', body.type === 'unicode');
    const messages = Array.from({ length: count }, () => {
      const id = `0A000000${(nextId++).toString(16).toUpperCase()}`;
      sent.set(id, { to: body.to, from: body.from });
      return { to: body.to, 'message-id': id, status: '0', 'remaining-balance': '3.14159265', 'message-price': '0.03330000', network: '12345' };
    });
    sendJson(res, 200, { 'message-count': String(count), messages });
  }

  function voice(request: ReceivedRequest, res: Parameters<typeof sendJson>[0]): void {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const { application } = options;
    const claims = token && application ? verifiedClaims(token, application.publicKey) : undefined;
    const now = Date.now() / 1000;
    if (!claims || claims.application_id !== application?.applicationId || !(Number(claims.exp) > now) || typeof claims.jti !== 'string') return problem(res, 401);
    const body = JSON.parse(request.body) as { to?: { type?: string; number?: string }[]; from?: { type?: string; number?: string }; ncco?: unknown[] };
    const invalid = [
      ...(body.to?.[0]?.type === 'phone' && /^[0-9]{7,15}$/.test(body.to[0].number ?? '') ? [] : [{ name: 'to', reason: 'must be a phone endpoint' }]),
      ...(body.from?.type === 'phone' && /^[0-9]{3,15}$/.test(body.from.number ?? '') ? [] : [{ name: 'from', reason: 'must be a phone endpoint' }]),
      ...(Array.isArray(body.ncco) && body.ncco.length > 0 ? [] : [{ name: 'ncco', reason: 'is required' }]),
    ];
    if (invalid.length > 0) return problem(res, 400, { invalid_parameters: invalid });
    const uuid = randomUUID();
    calls.push({ uuid, to: body.to, from: body.from, ncco: body.ncco, claims });
    sendJson(res, 201, { uuid, status: 'started', direction: 'outbound', conversation_uuid: `CON-${randomUUID()}` });
  }

  const server = await startServer(async (request, res) => {
    received.push(request);
    const api = request.method === 'POST' && request.path === '/sms/json' ? sms : request.method === 'POST' && request.path === '/v1/calls' ? voice : undefined;
    if (!api) return sendJson(res, 404, { type: 'NOT_FOUND' });
    const failure = next;
    next = undefined;
    if (failure && 'delayMs' in failure) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    else if (failure && 'httpStatus' in failure) return problem(res, failure.httpStatus);
    if (res.destroyed) return;
    await api(request, res, failure);
  });

  async function sendReceipt(messageId: string, outcome: { status: string; errCode?: string }, alter = (fields: Record<string, string>) => fields): Promise<number> {
    const message = sent.get(messageId);
    if (!receipts || !message) throw new Error(`no receipt settings, or no message ${messageId} was sent`);
    const now = new Date();
    const { messageTimestamp, scts } = receiptTimes(now);
    let fields: Record<string, string> = {
      msisdn: message.to,
      to: message.from,
      'network-code': '23410',
      messageId,
      price: '0.03330000',
      status: outcome.status,
      scts,
      'err-code': outcome.errCode ?? '0',
      'api-key': API_KEY,
      'message-timestamp': messageTimestamp,
    };
    const { signature } = receipts;
    if (signature) {
      fields = { ...fields, timestamp: String(Math.floor(now.getTime() / 1000)), nonce: randomUUID() };
      fields = { ...fields, sig: vonageSignature(fields, signature.secret, signature.method) };
    }
    fields = alter(fields);
    const { url, format } = receipts;
    const response =
      format === 'GET'
        ? await fetch(`${url}?${new URLSearchParams(fields)}`)
        : await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': format === 'POST' ? 'application/x-www-form-urlencoded' : 'application/json' },
            body: format === 'POST' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
          });
    await response.arrayBuffer();
    return response.status;
  }

  return {
    ...server,
    received,
    calls,
    failNext: (failure) => {
      next = failure;
    },
    setReceipts: (settings) => {
      receipts = settings;
    },
    sendReceipt,
  };
}
