import { randomUUID, webcrypto } from 'node:crypto';
import { startServer, type LocalServer, type ReceivedRequest } from './httpServer';

/** How the gateway answers the next requests. */
export interface GatewayAnswer {
  /** HTTP status. Default 200. */
  readonly status?: number;
  /**
   * Response body. Default: a real gateway's, one entry per part with a fresh id,
   * `{"messages":[{"id":"gw-…","status":"queued"}]}`.
   */
  readonly body?: string;
  /** With the default body: how many parts the message went out as. Default 1. */
  readonly parts?: number;
  /** Wait this long before answering, to provoke a timeout. Default 0. */
  readonly delayMs?: number;
}

/** A receipt as the gateway posts it: its JSON, and how it is signed. */
export interface ReceiptPost {
  /** The receipt, sent as JSON. */
  readonly receipt: unknown;
  /** The key to sign with. */
  readonly secret: string;
  /** The bytes to send instead of the signed JSON, to tamper with a signed receipt. Default: the signed JSON. */
  readonly sentBody?: string;
  /** The header to send instead of the signature; `null` sends none. Default: the signature. */
  readonly signature?: string | null;
}

/** A stand-in for any HTTP SMS (and voice) gateway: records each request, answers as told, posts signed receipts. */
export interface GatewayEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** The ids each request's answer gave, in the order of `received` (`[]` for an answer that gave none). */
  readonly messageIds: (readonly string[])[];
  /** Sets the answer for every following request. */
  answer(answer: GatewayAnswer): void;
  /** POSTs a receipt to `url`, as JSON, signed as the package documents; resolves with the answer's status. */
  postReceipt(url: string, post: ReceiptPost): Promise<number>;
}

/**
 * The `X-Sms-Otp-Signature` value of a body: `sha256=` and the hex HMAC-SHA256 under `secret`, by
 * WebCrypto, apart from the package's own `node:crypto` check.
 */
export async function signReceipt(body: string, secret: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await webcrypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await webcrypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return `sha256=${[...mac].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export async function startGatewayEmulator(): Promise<GatewayEmulator> {
  const received: ReceivedRequest[] = [];
  const messageIds: (readonly string[])[] = [];
  let current: GatewayAnswer = {};
  const server = await startServer(async (request, res) => {
    received.push(request);
    const { status = 200, parts = 1, delayMs = 0 } = current;
    const ids = current.body === undefined ? Array.from({ length: parts }, () => `gw-${randomUUID()}`) : [];
    messageIds.push(ids);
    const body = current.body ?? JSON.stringify({ messages: ids.map((id) => ({ id, status: 'queued' })) });
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  return {
    ...server,
    received,
    messageIds,
    answer: (answer) => {
      current = answer;
    },
    postReceipt: async (url, { receipt, secret, sentBody, signature }) => {
      const json = JSON.stringify(receipt);
      const header = signature === undefined ? await signReceipt(json, secret) : signature;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(header === null ? {} : { 'X-Sms-Otp-Signature': header }) },
        body: sentBody ?? json,
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}

/**
 * A gateway emulator for the tests of the calling file, answering OK with fresh ids before each
 * test, and the providers made against it (added to `providers`) closed after them.
 */
export function useGatewayEmulator(): { readonly gateway: GatewayEmulator; readonly providers: { close(): Promise<void> }[] } {
  let started: GatewayEmulator | undefined;
  const providers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    started = await startGatewayEmulator();
  });
  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.close()));
    await started?.close();
  });
  beforeEach(() => {
    started?.received.splice(0);
    started?.messageIds.splice(0);
    started?.answer({});
  });
  return {
    get gateway() {
      if (!started) throw new Error('the gateway emulator starts before the tests run');
      return started;
    },
    providers,
  };
}
