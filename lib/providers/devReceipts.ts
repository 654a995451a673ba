import type { DeliveryReceipt, DeliveryReceiptReader, ReceiptReading, ReceiptRequest } from './DeliveryReceipt';

/**
 * The `ConsoleProvider`'s receipts, for development: unsigned, as JSON or form fields,
 * `{ messageId, state: 'delivered' | 'failed', code?, fault?: 'recipient' }`. Anyone who can reach
 * the URL could post one, so they count as signed only outside production, and only the message
 * ids, which are random, keep a page from naming someone else's text.
 */
export const devReceipts: DeliveryReceiptReader = Object.freeze({
  read(request: ReceiptRequest): ReceiptReading {
    if (process.env.NODE_ENV === 'production') return { signed: false };
    return { signed: true, receipt: receiptIn(fieldsOf(request)) };
  },
});

/** The fields a parser left, or the raw body's JSON. */
function fieldsOf(request: ReceiptRequest): Readonly<Record<string, unknown>> | undefined {
  if (isRecord(request.body)) return request.body;
  if (request.rawBody === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(request.rawBody.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function receiptIn(fields: Readonly<Record<string, unknown>> | undefined): DeliveryReceipt | undefined {
  const { messageId, state, code, fault } = fields ?? {};
  if (typeof messageId !== 'string' || messageId === '') return undefined;
  if (state === 'delivered') return { messageId, state, code: '' };
  if (state !== 'failed') return undefined;
  return {
    messageId,
    state,
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : '',
    ...(fault === 'recipient' ? { fault } : {}),
  };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}
