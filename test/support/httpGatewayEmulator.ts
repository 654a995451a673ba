import { randomUUID } from 'node:crypto';
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

/** A stand-in for any HTTP SMS (and voice) gateway: records each request and answers as told, naming each message by an id. */
export interface GatewayEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** The ids each request's answer gave, in the order of `received` (`[]` for an answer that gave none). */
  readonly messageIds: (readonly string[])[];
  /** Sets the answer for every following request. */
  answer(answer: GatewayAnswer): void;
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
  };
}
