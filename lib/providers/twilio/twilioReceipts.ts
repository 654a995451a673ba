import type { DeliveryReceiptReader, ReceiptReading, ReceiptRequest } from '../DeliveryReceipt';
import { signedUrls } from './statusCallbackUrl';
import type { TwilioSdk } from './twilioSdk';
import { twilioStatusReceipt } from './twilioStatusReceipt';

const UNSIGNED: ReceiptReading = Object.freeze({ signed: false });

/**
 * Reads Twilio's status callbacks: each must carry `X-Twilio-Signature`, checked by the SDK's
 * `validateRequest` under the auth token for `statusCallbackUrl` as configured (the URL Twilio
 * signed, query string included), never the URL the request reached, which a proxy may have
 * rewritten. The signed fields are the form body's.
 */
export function twilioReceipts(sdk: TwilioSdk, authToken: string, statusCallbackUrl: string): DeliveryReceiptReader {
  const urls = signedUrls(statusCallbackUrl);
  return Object.freeze({
    read(request: ReceiptRequest): ReceiptReading {
      const signature = request.headers['x-twilio-signature'];
      const fields = request.body;
      if (typeof signature !== 'string' || signature === '' || !isFieldSet(fields)) return UNSIGNED;
      if (!urls.some((url) => sdk.validateRequest(authToken, signature, url, fields))) return UNSIGNED;
      return { signed: true, receipt: twilioStatusReceipt(fields) };
    },
  });
}

function isFieldSet(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
