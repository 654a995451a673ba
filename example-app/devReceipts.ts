import { Router, type Request } from 'express';
import type { SmsOtpStrategy } from '../lib';
import { isFromThisMachine } from './localOnly';

/** Where the console's development receipts go, as `/sms-otp/status/twilio` would take Twilio's. */
export const DEV_RECEIPTS_PATH = '/sms-otp/status/console';

/** A development receipt, as the console provider reads it (JSON or form fields). */
export interface DevReceipt {
  readonly messageId: string;
  readonly state: 'delivered' | 'failed';
  readonly code?: string;
  /** `recipient`: the number cannot receive texts at all. */
  readonly fault?: 'recipient';
}

/**
 * `POST /sms-otp/status/console`: `smsOtp.deliveryReceipts('console')`, which takes the console's
 * unsigned receipts (and refuses to mount in production). Mounted before the session and the CSRF
 * check, as a real provider's receipts URL must be: providers have neither. Only this machine may
 * post here, never through a proxy; the console's message ids are random, so a page elsewhere
 * cannot name a text either.
 */
export function devReceiptsRouter(smsOtp: SmsOtpStrategy): Router {
  const receipts = smsOtp.deliveryReceipts('console');
  const router = Router();
  router.post(DEV_RECEIPTS_PATH, (req, res, next) => (isFromThisMachine(req) ? receipts(req, res, next) : next()));
  return router;
}

/**
 * Posts a receipt to this app's receipts URL, over the connection's own loopback address and port,
 * as a provider would post it; answers the HTTP status (204: taken, or ignored for a code a newer
 * one replaced; 404: a message the app does not track, such as a text without a code).
 */
export async function postDevReceipt(req: Request, receiptsPath: string, receipt: DevReceipt): Promise<number> {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  const response = await fetch(`http://${host}:${req.socket.localPort}${receiptsPath}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(receipt),
  });
  return response.status;
}
