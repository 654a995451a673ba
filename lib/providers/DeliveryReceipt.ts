import type { IncomingHttpHeaders } from 'node:http';
import type { SmsSendFault } from '../errors';

/** What became of a message: taken by the provider, delivered to the handset, or not delivered. */
export type DeliveryState = 'accepted' | 'delivered' | 'failed';

/** One message's fate, as a provider's receipt tells it. */
export interface DeliveryReceipt {
  /** The message's id, as `send` resolved with it (`SentMessage.messageIds`). */
  readonly messageId: string;
  readonly state: DeliveryState;
  /** For `failed`: the provider's error code, such as Twilio's `'30003'`; `''` when it gave none. */
  readonly code: string;
  /** For `failed`: `recipient` when the number cannot receive texts at all (a landline), so a new text would fail too. */
  readonly fault?: SmsSendFault;
}

/** A request to the receipts URL, as `deliveryReceipts(name)` hands it to the provider. */
export interface ReceiptRequest {
  readonly method: string;
  /** The path and query the request came with (a proxy may have rewritten them: check signatures against the configured URL). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The query string's fields. */
  readonly query: Readonly<Record<string, string>>;
  /** The body as the app's parser left it: an object of fields (urlencoded or JSON), or `undefined`. */
  readonly body: unknown;
  /** The body's bytes, when no parser read them or `express.raw()` did; `undefined` otherwise. */
  readonly rawBody: Buffer | undefined;
}

/**
 * What a provider found in a request to its receipts URL: not signed as it signs (or not signed at
 * all), or signed, with the receipt it carries (`undefined` for a signed request that is no receipt
 * of a message, such as a status the package does not track).
 */
export type ReceiptReading = { readonly signed: false } | { readonly signed: true; readonly receipt: DeliveryReceipt | undefined };

/** The part of a provider that checks and reads its delivery receipts. */
export interface DeliveryReceiptReader {
  /** Checks the request's signature as the provider signs it, then reads the receipt. Never throws for a bad request: it is unsigned. */
  read(request: ReceiptRequest): ReceiptReading | Promise<ReceiptReading>;
}
