import type { Settings } from '../config/resolveSettings';
import { InvalidOptionError, OtpStoreUnavailableError } from '../errors';
import { deliveryEvent } from '../events/deliveryEvent';
import { readReceiptRequest, ReceiptTooLargeError } from '../http/readReceiptRequest';
import type { Middleware, RequestLike } from '../http/types';
import type { DeliveryReceiptReader } from '../providers/DeliveryReceipt';
import type { DeliveryStore } from '../store/OtpStore';

/** The provider whose receipts one URL gets, its reader, and where they go. */
interface ReceiptsOf {
  readonly provider: string;
  readonly reader: DeliveryReceiptReader;
  readonly store: DeliveryStore;
}

/**
 * The middleware of the public URL a provider posts its delivery receipts to. It answers 403 to a
 * request not signed as the provider signs (nothing changes), 404 to a signed receipt of a message
 * it does not know, 204 to any other signed request (a receipt of a sign-in that ended changes
 * nothing), 413 to a body too large to be a receipt, and 503 while the store is unreachable (the
 * provider tries again). Nothing in a receipt signs anyone in or ends a verification.
 *
 * @throws {InvalidOptionError} for a name that is no configured provider with receipts, or `console` in production.
 */
export function deliveryReceipts(settings: Settings, name: unknown): Middleware {
  const receipts = receiptsOf(settings, name);
  return (req, res, next) => {
    answerReceipt(req as RequestLike, settings, receipts).then((status) => {
      res.statusCode = status;
      res.end();
    }, next);
  };
}

function receiptsOf(settings: Settings, name: unknown): ReceiptsOf {
  const withReceipts = settings.providers.filter((provider) => provider.receipts !== undefined);
  const expected = withReceipts.length > 0 ? `the name of a provider set up for receipts (${withReceipts.map((provider) => provider.name).join(', ')})` : 'used with a provider set up for receipts (Twilio statusCallbackUrl, Vonage signatureSecret, a custom gateway\'s receipts)';
  const provider = withReceipts.find((candidate) => candidate.name === name);
  if (!provider?.receipts || !settings.deliveryStore) throw new InvalidOptionError('deliveryReceipts', expected, typeof name === 'string' ? name : undefined);
  if (provider.name === 'console' && process.env.NODE_ENV === 'production') {
    throw new InvalidOptionError('deliveryReceipts', "the name of a real provider when NODE_ENV=production (the console's receipts are for development)", 'console');
  }
  return { provider: provider.name, reader: provider.receipts, store: settings.deliveryStore };
}

async function answerReceipt(req: RequestLike, settings: Settings, receipts: ReceiptsOf): Promise<number> {
  let request;
  try {
    request = await readReceiptRequest(req);
  } catch (err) {
    if (err instanceof ReceiptTooLargeError) return 413;
    throw err;
  }
  const reading = await receipts.reader.read(request);
  if (!reading.signed) return 403;
  const { receipt } = reading;
  if (!receipt) return 204;
  try {
    const result = await receipts.store.recordReceipt({
      now: settings.clock(),
      messageId: settings.pseudonyms.message(receipts.provider, receipt.messageId),
      state: receipt.state,
      code: receipt.code,
      fault: receipt.fault === 'recipient' ? 'recipient' : '',
    });
    if (result.status === 'unknown') return 404;
    if (result.status === 'recorded' && result.changed) deliveryEvent(settings, result.delivery);
    return 204;
  } catch (err) {
    if (err instanceof OtpStoreUnavailableError) return 503;
    throw err;
  }
}
