import { startServer, type LocalServer, type ReceivedRequest } from './httpServer';

/** How the gateway answers the next requests. */
export interface GatewayAnswer {
  /** HTTP status. Default 200. */
  readonly status?: number;
  /** Response body. Default `{"ok":true}`. */
  readonly body?: string;
  /** Wait this long before answering, to provoke a timeout. Default 0. */
  readonly delayMs?: number;
}

/** A stand-in for any HTTP SMS gateway: records each request and answers as told. */
export interface GatewayEmulator extends LocalServer {
  readonly received: ReceivedRequest[];
  /** Sets the answer for every following request. */
  answer(answer: GatewayAnswer): void;
}

export async function startGatewayEmulator(): Promise<GatewayEmulator> {
  const received: ReceivedRequest[] = [];
  let current: GatewayAnswer = {};
  const server = await startServer(async (request, res) => {
    received.push(request);
    const { status = 200, body = '{"ok":true}', delayMs = 0 } = current;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  return {
    ...server,
    received,
    answer: (answer) => {
      current = answer;
    },
  };
}
