import type { ReceiptRequest } from '../providers/DeliveryReceipt';
import { requestPath, requestQuery } from './requestPath';
import type { RequestLike } from './types';

/** The most a receipt's body may hold: providers send a few hundred bytes. */
const MAX_RECEIPT_BYTES = 64 * 1024;

/** A receipt's body too large to be one. */
export class ReceiptTooLargeError extends Error {}

/**
 * A request to a receipts URL as a provider checks it: its path and query, headers, the body as the
 * app's parser left it and, when no parser read it or `express.raw()` did, its bytes (a signature over
 * the raw body needs them). A body nobody read is read here, so no parser is needed at all.
 *
 * @throws {ReceiptTooLargeError} for a body over 64 KiB.
 */
export async function readReceiptRequest(req: RequestLike): Promise<ReceiptRequest> {
  const url = requestPath(req);
  const query = Object.fromEntries(requestQuery(req));
  const parsed = req.body;
  const rawBody = Buffer.isBuffer(parsed) ? parsed : bodyUnread(req) ? await readBody(req) : undefined;
  const body = isFieldSet(parsed) ? parsed : rawBody ? parseBody(rawBody, req.headers['content-type']) : undefined;
  return { method: req.method ?? 'GET', url, headers: req.headers, query, body, rawBody };
}

/** Whether body bytes came that no parser read. */
function bodyUnread(req: RequestLike): boolean {
  if (req.readableEnded || (req as { _body?: unknown })._body === true) return false;
  const { 'content-length': length, 'transfer-encoding': encoding } = req.headers;
  return encoding !== undefined || Number(length) > 0;
}

async function readBody(req: RequestLike): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_RECEIPT_BYTES) throw new ReceiptTooLargeError(`a receipt of more than ${MAX_RECEIPT_BYTES} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The fields of a form or JSON body; anything else (or unreadable JSON) is none. */
function parseBody(raw: Buffer, type: string | undefined): Record<string, unknown> | undefined {
  const text = raw.toString('utf8');
  if (/^\s*application\/x-www-form-urlencoded/i.test(type ?? '')) return Object.fromEntries(new URLSearchParams(text));
  if (/^\s*application\/([\w.+-]+\+)?json/i.test(type ?? '')) {
    try {
      const value: unknown = JSON.parse(text);
      return isFieldSet(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isFieldSet(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
