import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DeliveryReceiptReader, ReceiptReading, ReceiptRequest } from '../../lib/providers/DeliveryReceipt';
import type { SmsMessage, SmsProvider } from '../../lib';

/** One message the gateway took, with the ids it answered. */
export interface TakenMessage extends SmsMessage {
  readonly messageIds: readonly string[];
}

/**
 * A gateway written as an app writes a provider of its own: it reports one id per part of each
 * message, can call, and signs its receipts (HMAC-SHA256 under a secret of the fields it sends, in
 * the header `x-receipt-signature`), which its `receipts` reader checks.
 */
export class ReceiptGateway implements SmsProvider {
  readonly name: string;
  readonly voice: boolean;
  readonly taken: TakenMessage[] = [];
  readonly receipts: DeliveryReceiptReader | undefined;
  /** Parts per text. */
  readonly parts: number;
  /** The next sends that fail, one each. */
  failNext = 0;
  readonly #secret = 'receipt-secret-of-the-gateway';

  constructor(options: { readonly name?: string; readonly parts?: number; readonly receipts?: boolean; readonly voice?: boolean } = {}) {
    this.name = options.name ?? 'gateway';
    this.parts = options.parts ?? 1;
    this.voice = options.voice ?? true;
    this.receipts = options.receipts === false ? undefined : { read: (request) => this.#read(request) };
  }

  async send(message: SmsMessage): Promise<{ messageIds: string[] }> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('gateway down');
    }
    const messageIds = Array.from({ length: message.channel === 'voice' ? 1 : this.parts }, () => randomUUID());
    this.taken.push({ ...message, messageIds });
    return { messageIds };
  }

  /** The latest message taken. */
  latest(): TakenMessage {
    const latest = this.taken.at(-1);
    if (!latest) throw new Error(`${this.name} took no message`);
    return latest;
  }

  /** A receipt's form and its signature header, as the gateway posts it. */
  receipt(messageId: string, state: string, code = '', fault = ''): { form: Record<string, string>; headers: Record<string, string> } {
    const form = { messageId, state, code, fault };
    return { form, headers: { 'x-receipt-signature': this.#sign(form) } };
  }

  #sign(form: Readonly<Record<string, string>>): string {
    return createHmac('sha256', this.#secret).update([form.messageId, form.state, form.code, form.fault].join('\n')).digest('hex');
  }

  #read(request: ReceiptRequest): ReceiptReading {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = Object.fromEntries(['messageId', 'state', 'code', 'fault'].map((field) => [field, typeof body[field] === 'string' ? body[field] : '']));
    const given = Buffer.from(String(request.headers['x-receipt-signature'] ?? ''), 'utf8');
    const expected = Buffer.from(this.#sign(form), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { signed: false };
    if (form.state !== 'delivered' && form.state !== 'failed' && form.state !== 'accepted') return { signed: true, receipt: undefined };
    return { signed: true, receipt: { messageId: form.messageId, state: form.state, code: form.code, fault: form.fault === 'recipient' ? 'recipient' : undefined } };
  }
}
