import type { DeliveryReceipt, DeliveryReceiptReader, DeliveryState, ReceiptReading, ReceiptRequest } from '../DeliveryReceipt';

/** How Vonage signs webhooks, as the dashboard's "Signature method" names it: an MD5 hash, or an HMAC. */
export type VonageSignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

export const SIGNATURE_METHODS: readonly VonageSignatureMethod[] = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'];

/** The SDK's name (`AlgorithmTypes` of `@vonage/auth`) of each method. */
const SDK_ALGORITHMS: Readonly<Record<VonageSignatureMethod, string>> = { md5hash: 'MD5HASH', md5: 'MD5HMAC', sha1: 'SHA1HMAC', sha256: 'SHA256HMAC', sha512: 'SHA512HMAC' };

/** The SDK's check of a signed request: `sms.verifySignature(sig, params, secret, algorithm)`. */
export type VerifySignature = (signature: string, params: Record<string, string>, signatureSecret: string, algorithm: string) => boolean;

/** The receipt's `status`, as the package tracks it; `unknown` and anything else is no receipt. */
const STATES: ReadonlyMap<string, DeliveryState> = new Map<string, DeliveryState>([
  ['delivered', 'delivered'],
  ['accepted', 'accepted'],
  ['buffered', 'accepted'],
  ['expired', 'failed'],
  ['failed', 'failed'],
  ['rejected', 'failed'],
]);

/**
 * The receipts' `err-code`s that say the number cannot get a text from this sender, so a new text
 * would fail the same way (https://developer.vonage.com/messaging/sms/guides/delivery-receipts): 3
 * absent subscriber, permanent (the number is no longer active); 4 barred by the user; 9 the user
 * asked not to get this service's messages; 12 no route to the number; 13 the subscriber's age; 14
 * SMS blocked by the carrier on the user's plan. The others (2 absent for now, 7 busy, 8 network,
 * 6 anti-spam, 11 unroutable on Vonage's side, 99…) may pass on a later try.
 */
const RECIPIENT_ERR_CODES: ReadonlySet<string> = new Set(['3', '4', '9', '12', '13', '14']);

const UNSIGNED: ReceiptReading = Object.freeze({ signed: false });

/**
 * Reads Vonage's delivery receipts (DLRs) when they are signed: the request's fields (query string
 * for the dashboard's GET, body for POST and POST-JSON) must carry a `sig` that the SDK's
 * `verifySignature` finds right for the signature secret and method.
 */
export function vonageReceipts(verify: VerifySignature, signatureSecret: string, method: VonageSignatureMethod): DeliveryReceiptReader {
  const algorithm = SDK_ALGORITHMS[method];
  return Object.freeze({
    read(request: ReceiptRequest): ReceiptReading {
      const fields = receiptFields(request);
      if (!fields || typeof fields.sig !== 'string' || fields.sig === '') return UNSIGNED;
      let valid: boolean;
      try {
        valid = verify(fields.sig, fields, signatureSecret, algorithm);
      } catch {
        valid = false;
      }
      return valid ? { signed: true, receipt: receiptOf(fields) } : UNSIGNED;
    },
  });
}

/**
 * The fields Vonage signed: the query string's and the body's together, as the SDK's docs read them.
 * A field that is not a string (a nested JSON value, a repeated form field) cannot be one Vonage
 * signed, so the request counts as unsigned.
 */
function receiptFields(request: ReceiptRequest): Record<string, string> | undefined {
  const { body } = request;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) return undefined;
  const fields: Record<string, unknown> = { ...request.query, ...(body as Record<string, unknown> | undefined) };
  return Object.values(fields).every((value) => typeof value === 'string') ? (fields as Record<string, string>) : undefined;
}

function receiptOf(fields: Readonly<Record<string, string>>): DeliveryReceipt | undefined {
  const state = STATES.get(fields.status);
  const messageId = fields.messageId;
  if (!state || !messageId) return undefined;
  if (state !== 'failed') return { messageId, state, code: '' };
  const code = fields['err-code'] ?? '';
  return { messageId, state, code, ...(RECIPIENT_ERR_CODES.has(code) ? { fault: 'recipient' as const } : {}) };
}
