import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { DeliveryReceiptReader, ReceiptReading, ReceiptRequest } from '../../lib/providers/DeliveryReceipt';
import type { LocalServer } from './httpServer';

/** Which body parser runs before the reader, as an app would mount it. */
export type ReceiptParser = 'raw' | 'json' | 'urlencoded';

/** An Express app whose `POST /receipts` hands each request to a provider's receipt reader. */
export interface ReceiptReaderApp extends LocalServer {
  /** The receipts URL. */
  readonly url: string;
  /** What the reader found in each request, in order. */
  readonly readings: ReceiptReading[];
}

const PARSERS: Readonly<Record<ReceiptParser, RequestHandler>> = {
  raw: express.raw({ type: 'application/json' }),
  json: express.json(),
  urlencoded: express.urlencoded({ extended: false }),
};

/**
 * Starts the app on 127.0.0.1: 403 for an unsigned request, 204 for a signed one that is no
 * receipt, 200 for a receipt. It builds the reader's request as the strategy's middleware does:
 * `rawBody` is the body's bytes when `express.raw()` read them.
 */
export async function startReceiptReaderApp(reader: DeliveryReceiptReader, parser: ReceiptParser = 'raw'): Promise<ReceiptReaderApp> {
  const readings: ReceiptReading[] = [];
  const app = express();
  app.post('/receipts', PARSERS[parser], async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : undefined;
    const request: ReceiptRequest = {
      method: req.method,
      url: req.originalUrl,
      headers: req.headers,
      query: Object.fromEntries(new URLSearchParams(req.originalUrl.split('?')[1] ?? '')),
      body: raw ? undefined : req.body,
      rawBody: raw,
    };
    const reading = await reader.read(request);
    readings.push(reading);
    res.sendStatus(!reading.signed ? 403 : reading.receipt === undefined ? 204 : 200);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: `${origin}/receipts`,
    readings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
