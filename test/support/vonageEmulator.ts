import { basicAuth, sendJson, startServer, type LocalServer, type ReceivedRequest } from './httpServer';

export const API_KEY = 'a1b2c3d4';
export const API_SECRET = 'vonage-secret-XyZ123';

/** Per-message statuses of the SMS API, with the `error-text` Vonage sends. */
export const STATUS_TEXT: Readonly<Record<string, string>> = {
  '1': 'Throttled',
  '2': 'Missing to param',
  '3': 'Invalid to param',
  '4': 'Bad Credentials',
  '9': 'Quota Exceeded - rejected',
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
    else if (failure && 'httpStatus' in failure) return sendJson(res, failure.httpStatus, { type: 'https://developer.vonage.com/api-errors', title: 'Internal Error' });
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
