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
  401: { type: 'unauthorized', title: 'Invalid credentials supplied', detail: 'You did not provide correct credentials.' },
  403: { type: 'forbidden', title: 'Forbidden', detail: 'Your account does not have permission to perform this action.' },
  429: { type: 'rate-limit', title: 'Rate Limit Hit', detail: 'Please wait, then retry your request.' },
  500: { type: 'internal-error', title: 'Internal Error', detail: 'Something went wrong.' },
};

/**
 * Emulates `POST /sms/json` of Vonage's SMS API: JSON body, Basic auth (or api_key and
 * api_secret in the body), HTTP 200 with a per-message status, `message-count` as a string.
 */
export interface VonageEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** Makes the next request answer with this per-message status in a 200, with this HTTP status, or late. */
  failNext(failure: Failure): void;
}

type Failure = { status: string } | { httpStatus: number } | { delayMs: number };

function problem(res: Parameters<typeof sendJson>[0], status: number): void {
  const { type, title, detail } = PROBLEMS[status] ?? PROBLEMS[500];
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://developer.vonage.com/api-errors#${type}`, title, detail, instance: 'bf0ca0bf927b3b52e3cb03217e1a1ddf' }));
}

export async function startVonageEmulator(): Promise<VonageEmulator> {
  const received: ReceivedRequest[] = [];
  let next: Failure | undefined;
  const refuse = (res: Parameters<typeof sendJson>[0], status: string): void =>
    sendJson(res, 200, { 'message-count': '1', messages: [{ status, 'error-text': STATUS_TEXT[status] }] });

  const server = await startServer(async (request, res) => {
    received.push(request);
    if (request.method !== 'POST' || request.path !== '/sms/json') return sendJson(res, 404, { type: 'NOT_FOUND' });
    const body = JSON.parse(request.body) as Record<string, string>;
    const auth = basicAuth(request.headers.authorization) ?? { user: body.api_key, password: body.api_secret };
    if (auth.user !== API_KEY || auth.password !== API_SECRET) return refuse(res, '4');
    const failure = next;
    next = undefined;
    if (failure && 'delayMs' in failure) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    else if (failure && 'httpStatus' in failure) return problem(res, failure.httpStatus);
    else if (failure) return refuse(res, failure.status);
    if (res.destroyed) return;
    if (!body.to) return refuse(res, '2');
    if (!/^[0-9]{7,15}$/.test(body.to)) return refuse(res, '3');
    sendJson(res, 200, {
      'message-count': '1',
      messages: [
        {
          to: body.to,
          'message-id': '0A0000000123ABCD1',
          status: '0',
          'remaining-balance': '3.14159265',
          'message-price': '0.03330000',
          network: '12345',
        },
      ],
    });
  });

  return {
    ...server,
    received,
    failNext: (failure) => {
      next = failure;
    },
  };
}
