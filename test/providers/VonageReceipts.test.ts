import express from 'express';
import { InvalidOptionError } from '../../lib/errors';
import { readReceiptRequest } from '../../lib/http/readReceiptRequest';
import type { DeliveryReceiptReader, ReceiptReading } from '../../lib/providers/DeliveryReceipt';
import { VonageProvider, type VonageProviderOptions } from '../../lib/providers/VonageProvider';
import type { LocalServer } from '../support/httpServer';
import { API_KEY, API_SECRET, startVonageEmulator, vonageSignature, type ReceiptSettings, type SignatureMethod, type VonageEmulator } from '../support/vonageEmulator';

const SIGNATURE_SECRET = 'sig-secret-4f7d2a9c1b';
const METHODS: readonly SignatureMethod[] = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'];
const FORMATS: readonly ReceiptSettings['format'][] = ['GET', 'POST', 'POST-JSON'];
const message = { to: '+447700900000', body: 'Your code is 123456', channel: 'sms' as const, locale: 'en' };

let api: VonageEmulator;
let app: LocalServer;
/** The receipts reader of the provider under test, and what it read from each request to the receipts URL. */
let reader: DeliveryReceiptReader;
const readings: ReceiptReading[] = [];

beforeAll(async () => {
  api = await startVonageEmulator();
  // The app's receipts URL, parsed as the README wires it, read as deliveryReceipts(name) reads it.
  const receiptsApp = express();
  receiptsApp.all('/webhooks/vonage-dlr', express.urlencoded({ extended: false }), express.json(), (req, res, next) => {
    readReceiptRequest(req)
      .then((request) => reader.read(request))
      .then((reading) => {
        readings.push(reading);
        res.status(reading.signed ? 204 : 403).end();
      }, next);
  });
  app = await new Promise<LocalServer>((resolve) => {
    const listening = receiptsApp.listen(0, '127.0.0.1', () => {
      const { port } = listening.address() as { port: number };
      resolve({ origin: `http://127.0.0.1:${port}`, port, close: () => new Promise((done) => listening.close(() => done())) });
    });
  });
});
afterAll(() => Promise.all([api.close(), app.close()]));
beforeEach(() => {
  readings.length = 0;
});

function provider(options: Partial<VonageProviderOptions> = {}): VonageProvider {
  return new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'MyApp', restHost: api.origin, signatureSecret: SIGNATURE_SECRET, ...options });
}

/** Sends a text, then has Vonage send the receipt of its first part as the dashboard says; what the app read of it. */
async function receiptOf(
  outcome: { status: string; errCode?: string },
  { dashboard = {}, options = {}, alter }: { dashboard?: Partial<ReceiptSettings>; options?: Partial<VonageProviderOptions>; alter?: (fields: Record<string, string>) => Record<string, string> } = {},
): Promise<{ messageId: string; answered: number; reading: ReceiptReading }> {
  const sending = provider(options);
  const receipts = sending.receipts;
  if (!receipts) throw new Error('the provider reads no receipts');
  reader = receipts;
  const [messageId] = (await sending.send(message)).messageIds;
  api.setReceipts({ url: `${app.origin}/webhooks/vonage-dlr`, format: 'POST', signature: { secret: SIGNATURE_SECRET, method: 'md5hash' }, ...dashboard });
  const answered = await api.sendReceipt(messageId, outcome, alter);
  expect(readings).toHaveLength(1);
  return { messageId, answered, reading: readings[0] };
}

describe('VonageProvider receipts', () => {
  it('are not read without signatureSecret', () => {
    expect(provider({ signatureSecret: undefined }).receipts).toBeUndefined();
  });

  it.each(METHODS.flatMap((method) => FORMATS.map((format) => [method, format] as const)))(
    'reads a delivered receipt signed with %s, sent as %s',
    async (method, format) => {
      const { messageId, answered, reading } = await receiptOf(
        { status: 'delivered' },
        { dashboard: { format, signature: { secret: SIGNATURE_SECRET, method } }, options: { signatureMethod: method } },
      );

      expect(reading).toEqual({ signed: true, receipt: { messageId, state: 'delivered', code: '' } });
      expect(answered).toBe(204);
    },
  );

  it('reads the receipt of each part of a long text under its own id', async () => {
    const sending = provider();
    reader = sending.receipts!;
    const { messageIds } = await sending.send({ ...message, body: `Your code is 123456. ${'A long text goes out in parts. '.repeat(6)}` });
    api.setReceipts({ url: `${app.origin}/webhooks/vonage-dlr`, format: 'POST-JSON', signature: { secret: SIGNATURE_SECRET, method: 'md5hash' } });
    await api.sendReceipt(messageIds[1], { status: 'failed', errCode: '8' });
    await api.sendReceipt(messageIds[0], { status: 'delivered' });

    expect(messageIds).toHaveLength(2);
    expect(readings).toEqual([
      { signed: true, receipt: { messageId: messageIds[1], state: 'failed', code: '8' } },
      { signed: true, receipt: { messageId: messageIds[0], state: 'delivered', code: '' } },
    ]);
  });

  it.each(['accepted', 'buffered'])('reads "%s" as accepted', async (status) => {
    const { messageId, reading } = await receiptOf({ status });

    expect(reading).toEqual({ signed: true, receipt: { messageId, state: 'accepted', code: '' } });
  });

  it.each([
    ['failed', '3', 'absent subscriber, permanent'],
    ['rejected', '4', 'barred by the user'],
    ['failed', '9', 'the user opted out of this service'],
    ['failed', '12', 'destination unreachable'],
    ['rejected', '13', "the subscriber's age"],
    ['failed', '14', 'SMS blocked by the carrier'],
  ])('reads "%s" with err-code %s (%s) as failed, the fault of the recipient', async (status, errCode) => {
    const { messageId, reading } = await receiptOf({ status, errCode });

    expect(reading).toEqual({ signed: true, receipt: { messageId, state: 'failed', code: errCode, fault: 'recipient' } });
  });

  it.each([
    ['failed', '2', 'absent subscriber, temporary'],
    ['expired', '7', 'handset busy'],
    ['failed', '8', 'network error'],
    ['rejected', '6', 'anti-spam'],
    ['failed', '1', 'unknown'],
    ['expired', '99', 'general error'],
  ])('reads "%s" with err-code %s (%s) as failed, a new text may pass', async (status, errCode) => {
    const { messageId, reading } = await receiptOf({ status, errCode });

    expect(reading).toEqual({ signed: true, receipt: { messageId, state: 'failed', code: errCode } });
  });

  it('reads a signed receipt of status "unknown" as signed, and no receipt', async () => {
    expect((await receiptOf({ status: 'unknown', errCode: '1' })).reading).toEqual({ signed: true, receipt: undefined });
  });

  it('refuses a receipt signed with another secret', async () => {
    const { reading, answered } = await receiptOf({ status: 'delivered' }, { dashboard: { signature: { secret: 'another-secret-000', method: 'md5hash' } } });

    expect(reading).toEqual({ signed: false });
    expect(answered).toBe(403);
  });

  it('refuses a receipt signed with another method than the one set', async () => {
    const { reading } = await receiptOf({ status: 'delivered' }, { dashboard: { signature: { secret: SIGNATURE_SECRET, method: 'sha256' } }, options: { signatureMethod: 'sha512' } });

    expect(reading).toEqual({ signed: false });
  });

  it.each(FORMATS)('refuses an unsigned receipt, sent as %s', async (format) => {
    expect((await receiptOf({ status: 'failed', errCode: '3' }, { dashboard: { format, signature: undefined } })).reading).toEqual({ signed: false });
  });

  it.each([
    ['its status changed', (fields: Record<string, string>) => ({ ...fields, status: 'failed', 'err-code': '3' })],
    ['its message id changed', (fields: Record<string, string>) => ({ ...fields, messageId: '0A00000099999999' })],
    ['a field added', (fields: Record<string, string>) => ({ ...fields, 'client-ref': 'injected' })],
    ['its timestamp changed', (fields: Record<string, string>) => ({ ...fields, timestamp: String(Number(fields.timestamp) + 60) })],
    ['an empty sig', (fields: Record<string, string>) => ({ ...fields, sig: '' })],
  ])('refuses a signed receipt with %s on the way', async (_label, alter) => {
    const { reading, answered } = await receiptOf({ status: 'delivered' }, { dashboard: { format: 'GET', signature: { secret: SIGNATURE_SECRET, method: 'sha256' } }, options: { signatureMethod: 'sha256' }, alter });

    expect(reading).toEqual({ signed: false });
    expect(answered).toBe(403);
  });

  it('refuses a JSON receipt whose fields are not all strings, as Vonage signs only strings', async () => {
    const fields = { messageId: '0A000000AAAA0001', status: 'failed', 'err-code': '3', timestamp: '1700000000', nonce: 'n-1' };
    const sig = vonageSignature(fields, SIGNATURE_SECRET, 'md5hash');
    const request = { method: 'POST', url: '/webhooks/vonage-dlr', headers: {}, query: {}, rawBody: undefined };

    expect(provider().receipts!.read({ ...request, body: { ...fields, sig } })).toEqual({ signed: true, receipt: { messageId: fields.messageId, state: 'failed', code: '3', fault: 'recipient' } });
    expect(provider().receipts!.read({ ...request, body: { ...fields, 'err-code': 3, sig } })).toEqual({ signed: false });
    expect(provider().receipts!.read({ ...request, body: [{ ...fields, sig }] })).toEqual({ signed: false });
  });

  it.each([
    [{ signatureMethod: 'sha384' }, 'signatureMethod'],
    [{ signatureMethod: 'SHA256' }, 'signatureMethod'],
    [{ signatureSecret: undefined, signatureMethod: 'sha256' }, 'signatureMethod'],
    [{ signatureSecret: ' ' }, 'signatureSecret'],
  ])('refuses %o at construction', (options, option) => {
    expect(() => provider(options as Partial<VonageProviderOptions>)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('refuses a signature secret with a client that cannot check signatures', () => {
    const client = { sms: { send: async () => ({}) } };

    expect(() => new VonageProvider({ sender: 'MyApp', client, signatureSecret: SIGNATURE_SECRET })).toThrow(InvalidOptionError);
    expect(new VonageProvider({ sender: 'MyApp', client }).receipts).toBeUndefined();
  });
});
