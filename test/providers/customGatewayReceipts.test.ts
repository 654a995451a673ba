import { createHmac } from 'node:crypto';
import { CustomHttpProvider, type CustomHttpProviderOptions } from '../../lib/providers/CustomHttpProvider';
import type { CustomReceiptsOptions } from '../../lib/providers/custom/CustomReceipts';
import type { DeliveryReceiptReader, ReceiptRequest } from '../../lib/providers/DeliveryReceipt';
import { signReceipt, startGatewayEmulator, type GatewayEmulator } from '../support/httpGatewayEmulator';
import { startReceiptReaderApp, type ReceiptParser, type ReceiptReaderApp } from '../support/receiptReaderApp';

const SECRET = 'receipt-signing-key-0123456789';
const RECEIPTS: CustomReceiptsOptions = {
  secret: SECRET,
  idField: 'messageId',
  statusField: 'status',
  deliveredValues: ['delivered'],
  failedValues: ['failed', 'undelivered', 'expired'],
  codeField: 'error.code',
};

let gateway: GatewayEmulator;
const providers: CustomHttpProvider[] = [];
const apps: ReceiptReaderApp[] = [];
beforeAll(async () => {
  gateway = await startGatewayEmulator();
});
afterAll(async () => {
  await Promise.all([...providers.map((provider) => provider.close()), ...apps.map((app) => app.close()), gateway.close()]);
});

function provider(options: Partial<CustomHttpProviderOptions> = {}): CustomHttpProvider {
  const created = new CustomHttpProvider({
    url: `${gateway.origin}/sms`,
    payloadTemplate: '{"text": {{body}}, "to": {{mobile}}}',
    messageIdPath: 'messages.*.id',
    receipts: RECEIPTS,
    timeoutMs: 1000,
    ...options,
  });
  providers.push(created);
  return created;
}

function readerOf(created: CustomHttpProvider): DeliveryReceiptReader {
  if (!created.receipts) throw new Error('the provider has no receipts');
  return created.receipts;
}

/** The provider's receipts URL in an app with `parser` in front; the app keeps what it read. */
async function receiptsApp(options: Partial<CustomHttpProviderOptions> = {}, parser: ReceiptParser = 'raw'): Promise<ReceiptReaderApp> {
  const app = await startReceiptReaderApp(readerOf(provider(options)), parser);
  apps.push(app);
  return app;
}

const message = { to: '+15555550100', body: 'Your code is 123456.', channel: 'sms' as const, locale: 'en' };

describe('CustomHttpProvider receipts', () => {
  it('reads a signed "delivered" receipt for the id send resolved with', async () => {
    const created = provider();
    const app = await startReceiptReaderApp(readerOf(created));
    apps.push(app);
    const sent = (await created.send(message)) as { messageIds: string[] };

    expect(await gateway.postReceipt(app.url, { receipt: { messageId: sent.messageIds[0], status: 'delivered' }, secret: SECRET })).toBe(200);
    expect(app.readings).toEqual([{ signed: true, receipt: { messageId: sent.messageIds[0], state: 'delivered', code: '' } }]);
  });

  it("reads a signed failure with the gateway's code", async () => {
    const app = await receiptsApp();

    expect(await gateway.postReceipt(app.url, { receipt: { messageId: 'm-1', status: 'undelivered', error: { code: 30003 } }, secret: SECRET })).toBe(200);
    expect(app.readings).toEqual([{ signed: true, receipt: { messageId: 'm-1', state: 'failed', code: '30003' } }]);
  });

  it('gives a failure no code without codeField, and a delivery none even when the receipt has one', async () => {
    const withoutCodes = await receiptsApp({ receipts: { ...RECEIPTS, codeField: undefined } });
    const withCodes = await receiptsApp();

    await gateway.postReceipt(withoutCodes.url, { receipt: { messageId: 'm-1', status: 'failed', error: { code: '30003' } }, secret: SECRET });
    await gateway.postReceipt(withCodes.url, { receipt: { messageId: 'm-2', status: 'delivered', error: { code: '0' } }, secret: SECRET });
    expect(withoutCodes.readings).toEqual([{ signed: true, receipt: { messageId: 'm-1', state: 'failed', code: '' } }]);
    expect(withCodes.readings).toEqual([{ signed: true, receipt: { messageId: 'm-2', state: 'delivered', code: '' } }]);
  });

  it.each([
    ['delivered', 'delivered'],
    [' DELIVERED ', 'delivered'],
    ['Expired', 'failed'],
    ['queued', 'accepted'],
    ['sent', 'accepted'],
  ])('maps the status %p to %s', async (status, state) => {
    const app = await receiptsApp();

    await gateway.postReceipt(app.url, { receipt: { messageId: 'm-1', status }, secret: SECRET });
    expect(app.readings).toEqual([{ signed: true, receipt: expect.objectContaining({ state }) }]);
  });

  it('reads number statuses and ids, and nested fields', async () => {
    const app = await receiptsApp({ receipts: { ...RECEIPTS, idField: 'data.ref', statusField: 'data.dlr', deliveredValues: ['1'], failedValues: ['2', '16'], codeField: 'data.err' } });

    await gateway.postReceipt(app.url, { receipt: { data: { ref: 991, dlr: 1 } }, secret: SECRET });
    await gateway.postReceipt(app.url, { receipt: { data: { ref: 992, dlr: 16, err: 'E16' } }, secret: SECRET });
    expect(app.readings).toEqual([
      { signed: true, receipt: { messageId: '991', state: 'delivered', code: '' } },
      { signed: true, receipt: { messageId: '992', state: 'failed', code: 'E16' } },
    ]);
  });

  it.each([
    ['is not JSON', 'delivered m-1'],
    ['has no id', JSON.stringify({ status: 'delivered' })],
    ['has no status', JSON.stringify({ messageId: 'm-1' })],
    ['has an object for a status', JSON.stringify({ messageId: 'm-1', status: { value: 'delivered' } })],
    ['is a list', JSON.stringify([{ messageId: 'm-1', status: 'delivered' }])],
  ])('answers a signed body that %s as signed, with no receipt', async (_label, body) => {
    const app = await receiptsApp();

    expect(await gateway.postReceipt(app.url, { receipt: null, sentBody: body, signature: await signReceipt(body, SECRET), secret: SECRET })).toBe(204);
    expect(app.readings).toEqual([{ signed: true, receipt: undefined }]);
  });

  it('accepts the signature in upper-case hex', async () => {
    const app = await receiptsApp();
    const body = JSON.stringify({ messageId: 'm-1', status: 'delivered' });
    const signature = `sha256=${(await signReceipt(body, SECRET)).slice('sha256='.length).toUpperCase()}`;

    expect(await gateway.postReceipt(app.url, { receipt: null, sentBody: body, signature, secret: SECRET })).toBe(200);
  });

  describe('refuses, as unsigned', () => {
    const receipt = { messageId: 'm-1', status: 'failed', error: { code: '30003' } };
    const body = JSON.stringify(receipt);

    it.each([
      ['a receipt signed with another key', () => signReceipt(body, `${SECRET}-other`)],
      ['a receipt without a signature', async () => null],
      ['an empty signature', async () => ''],
      ['a signature without sha256=', async () => (await signReceipt(body, SECRET)).slice('sha256='.length)],
      ['a SHA-1 signature', async () => `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`],
      ['a truncated signature', async () => (await signReceipt(body, SECRET)).slice(0, -2)],
      ['two signatures', async () => `${await signReceipt(body, SECRET)}, ${await signReceipt(body, SECRET)}`],
    ])('%s', async (_label, signature) => {
      const app = await receiptsApp();

      expect(await gateway.postReceipt(app.url, { receipt, secret: SECRET, signature: await signature() })).toBe(403);
      expect(app.readings).toEqual([{ signed: false }]);
    });

    it('a signed receipt whose body was changed on the way', async () => {
      const app = await receiptsApp();
      const tampered = body.replace('failed', 'delivered');

      expect(await gateway.postReceipt(app.url, { receipt, secret: SECRET, sentBody: tampered })).toBe(403);
      expect(await gateway.postReceipt(app.url, { receipt, secret: SECRET, sentBody: `${body} ` })).toBe(403);
      expect(app.readings).toEqual([{ signed: false }, { signed: false }]);
    });

    it.each<ReceiptParser>(['json', 'urlencoded'])('a well signed receipt whose raw body %s parsing consumed', async (parser) => {
      const app = await receiptsApp({}, parser);

      expect(await gateway.postReceipt(app.url, { receipt, secret: SECRET })).toBe(403);
      expect(app.readings).toEqual([{ signed: false }]);
    });
  });

  it('never throws for a hostile request, whatever the headers hold', async () => {
    const reader = readerOf(provider());
    const request = (headers: ReceiptRequest['headers'], rawBody?: Buffer): ReceiptRequest => ({ method: 'POST', url: '/receipts', headers, query: {}, body: undefined, rawBody });

    expect(await reader.read(request({ 'x-sms-otp-signature': ['sha256=00', 'sha256=11'] as unknown as string }, Buffer.from('{}')))).toEqual({ signed: false });
    expect(await reader.read(request({ 'x-sms-otp-signature': `sha256=${'0'.repeat(64)}` }, Buffer.alloc(0)))).toEqual({ signed: false });
    expect(await reader.read(request({ 'x-sms-otp-signature': await signReceipt('', SECRET) }, Buffer.alloc(0)))).toEqual({ signed: true, receipt: undefined });
  });
});

describe('CustomHttpProvider receipts options', () => {
  it('has no receipts unless asked', () => {
    expect(provider({ receipts: undefined }).receipts).toBeUndefined();
    expect(provider({ receipts: undefined, messageIdPath: undefined }).receipts).toBeUndefined();
  });

  it('refuses receipts without messageIdPath, which they could not be matched to', () => {
    expect(() => provider({ messageIdPath: undefined })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'receipts', message: expect.stringContaining('messageIdPath') }));
  });

  it.each([
    ['a short secret', { secret: 'too-short-key' }, 'receipts.secret'],
    ['a secret short once trimmed', { secret: `   ${'x'.repeat(10)}    ` }, 'receipts.secret'],
    ['a number for a secret', { secret: 1234567890123456 }, 'receipts.secret'],
    ['no delivered statuses', { deliveredValues: [] }, 'receipts.deliveredValues'],
    ['no failed statuses', { failedValues: [] }, 'receipts.failedValues'],
    ['a string for a list', { failedValues: 'failed' }, 'receipts.failedValues'],
    ['a number among the statuses', { failedValues: ['failed', 2] }, 'receipts.failedValues.1'],
    ['a blank status', { deliveredValues: [' '] }, 'receipts.deliveredValues.0'],
    ['a status both delivered and failed', { failedValues: ['failed', 'Delivered'] }, 'receipts.failedValues'],
    ['an empty segment in a field', { idField: 'data..id' }, 'receipts.idField'],
    ['* in a field', { idField: 'messages.*.id' }, 'receipts.idField'],
    ['a number for a field', { statusField: 7 }, 'receipts.statusField'],
    ['an empty codeField', { codeField: '' }, 'receipts.codeField'],
  ])('refuses %s, naming the option', (_label, change, option) => {
    expect(() => provider({ receipts: { ...RECEIPTS, ...change } as CustomReceiptsOptions })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('names every missing sub-option at once', () => {
    expect(() => provider({ receipts: { secret: SECRET } as CustomReceiptsOptions })).toThrow(
      '"receipts.idField, receipts.statusField, receipts.deliveredValues, receipts.failedValues"',
    );
  });

  it('refuses a receipts option that is not an object, and a misspelt one, naming the closest', () => {
    expect(() => provider({ receipts: true as unknown as CustomReceiptsOptions })).toThrow(expect.objectContaining({ option: 'receipts' }));
    expect(() => provider({ receipts: { ...RECEIPTS, codeFeild: 'code' } as CustomReceiptsOptions })).toThrow('Unknown option "receipts.codeFeild": did you mean "receipts.codeField"?');
  });

  it('never shows the secret in an error', () => {
    const secret = 'short-secret';

    expect(() => provider({ receipts: { ...RECEIPTS, secret } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });
});
