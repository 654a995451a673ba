import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header a custom gateway signs its receipts in: `X-Sms-Otp-Signature: sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-sms-otp-signature';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Whether `headers` carry the HMAC-SHA256 of exactly `rawBody` under `secret`, as
 * `X-Sms-Otp-Signature: sha256=<hex>` (hex in either case), compared in constant time. A missing,
 * repeated or malformed header is no signature.
 */
export function hasReceiptSignature(headers: IncomingHttpHeaders, rawBody: Buffer, secret: string): boolean {
  const header = headers[SIGNATURE_HEADER];
  const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}
