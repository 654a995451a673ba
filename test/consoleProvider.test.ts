import { ConsoleProvider, InvalidOptionError } from '../lib';
import type { DeliveryReceiptReader, ReceiptRequest } from '../lib/providers/DeliveryReceipt';
import { startReceiptReaderApp, type ReceiptParser, type ReceiptReaderApp } from './support/receiptReaderApp';

const text = { to: '+15555550100', body: 'Your code is 123456.', channel: 'sms' as const, locale: 'en' };
const call = { to: '+15555550100', body: 'Your code is 1 2 3 4 5 6. Again: 1 2 3 4 5 6.', channel: 'voice' as const, locale: 'en', digits: '1 2 3 4 5 6' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ConsoleProvider', () => {
  const originalEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
    jest.restoreAllMocks();
  });

  it('prints the message to stderr for development', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const provider = new ConsoleProvider();
    expect(provider.name).toBe('console');
    await expect(provider.send(text)).resolves.toEqual({ to: text.to });
    expect(stderr).toHaveBeenCalledWith('[passport-sms-otp] SMS to +15555550100:\nYour code is 123456.\n');
  });

  it('refuses to run in production', () => {
    process.env.NODE_ENV = 'production';
    expect(() => new ConsoleProvider()).toThrow(InvalidOptionError);
    expect(() => new ConsoleProvider()).toThrow(/ConsoleProvider prints codes to the logs/);
  });

  it('runs in production when allowInProduction is true', async () => {
    process.env.NODE_ENV = 'production';
    const lines: string[] = [];
    const provider = new ConsoleProvider({ allowInProduction: true, write: (line) => lines.push(line) });
    await provider.send({ ...text, body: 'hello' });
    expect(lines).toEqual(['[passport-sms-otp] SMS to +15555550100:\nhello\n']);
  });

  it("can call: a call prints the code's digits, spaced", async () => {
    const lines: string[] = [];
    const provider = new ConsoleProvider({ write: (line) => lines.push(line) });

    expect(provider.voice).toBe(true);
    await expect(provider.send(call)).resolves.toEqual({ to: call.to });
    await provider.send({ ...call, digits: undefined, body: 'A B C' });
    expect(lines).toEqual(['[passport-sms-otp] Voice call to +15555550100: 1 2 3 4 5 6\n', '[passport-sms-otp] Voice call to +15555550100: A B C\n']);
  });

  it('has no receipts, and reports no message ids, unless asked', async () => {
    const provider = new ConsoleProvider({ write: () => undefined, receipts: false });

    expect(new ConsoleProvider({ write: () => undefined }).receipts).toBeUndefined();
    expect(provider.receipts).toBeUndefined();
    await expect(provider.send(text)).resolves.toEqual({ to: text.to });
    await expect(provider.send(call)).resolves.toEqual({ to: call.to });
  });
});

describe('ConsoleProvider development receipts', () => {
  const originalEnv = process.env.NODE_ENV;
  const apps: ReceiptReaderApp[] = [];
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
  });
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  function withReceipts(): { provider: ConsoleProvider; lines: string[]; reader: DeliveryReceiptReader } {
    const lines: string[] = [];
    const provider = new ConsoleProvider({ receipts: true, write: (line) => lines.push(line) });
    if (!provider.receipts) throw new Error('no receipts');
    return { provider, lines, reader: provider.receipts };
  }

  async function receiptsApp(parser: ReceiptParser): Promise<ReceiptReaderApp> {
    const app = await startReceiptReaderApp(withReceipts().reader, parser);
    apps.push(app);
    return app;
  }

  async function post(app: ReceiptReaderApp, body: string, contentType: string): Promise<number> {
    const response = await fetch(app.url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    return response.status;
  }

  it('resolves each text and call with a fresh random id, and prints the text unchanged', async () => {
    const { provider, lines } = withReceipts();
    const sent = await Promise.all(Array.from({ length: 500 }, (_, i) => provider.send(i % 2 ? call : text)));
    const ids = sent.map((result) => (result as { messageIds: string[] }).messageIds);

    expect(ids.every((list) => list.length === 1 && UUID_V4.test(list[0]))).toBe(true);
    expect(new Set(ids.flat()).size).toBe(500);
    expect(lines[0]).toBe('[passport-sms-otp] SMS to +15555550100:\nYour code is 123456.\n');
    expect(lines[1]).toBe('[passport-sms-otp] Voice call to +15555550100: 1 2 3 4 5 6\n');
  });

  it.each<[ReceiptParser, string, string]>([
    ['json', 'application/json', JSON.stringify({ messageId: 'id-1', state: 'failed', code: 30003 })],
    ['raw', 'application/json', JSON.stringify({ messageId: 'id-1', state: 'failed', code: '30003' })],
    ['urlencoded', 'application/x-www-form-urlencoded', 'messageId=id-1&state=failed&code=30003'],
  ])('reads a failure with its code, unsigned, after express.%s()', async (parser, contentType, body) => {
    const app = await receiptsApp(parser);

    expect(await post(app, body, contentType)).toBe(200);
    expect(app.readings).toEqual([{ signed: true, receipt: { messageId: 'id-1', state: 'failed', code: '30003' } }]);
  });

  it('reads a delivery, and a number that cannot receive texts', async () => {
    const app = await receiptsApp('urlencoded');

    await post(app, 'messageId=id-1&state=delivered&code=7', 'application/x-www-form-urlencoded');
    await post(app, 'messageId=id-2&state=failed&fault=recipient', 'application/x-www-form-urlencoded');
    expect(app.readings).toEqual([
      { signed: true, receipt: { messageId: 'id-1', state: 'delivered', code: '' } },
      { signed: true, receipt: { messageId: 'id-2', state: 'failed', code: '', fault: 'recipient' } },
    ]);
  });

  it.each([
    ['an unknown state', JSON.stringify({ messageId: 'id-1', state: 'undelivered' })],
    ['no message id', JSON.stringify({ state: 'failed' })],
    ['an empty message id', JSON.stringify({ messageId: '', state: 'failed' })],
    ['a list', JSON.stringify([{ messageId: 'id-1', state: 'failed' }])],
    ['no JSON', 'failed id-1'],
  ])('answers a body with %s as no receipt', async (_label, body) => {
    const app = await receiptsApp('raw');

    expect(await post(app, body, 'application/json')).toBe(204);
    expect(app.readings).toEqual([{ signed: true, receipt: undefined }]);
  });

  it('refuses receipts in production, even with allowInProduction', () => {
    process.env.NODE_ENV = 'production';

    expect(() => new ConsoleProvider({ allowInProduction: true, receipts: true })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'receipts' }));
    expect(() => new ConsoleProvider({ receipts: true })).toThrow(expect.objectContaining({ option: 'provider' }));
    expect(new ConsoleProvider({ allowInProduction: true, receipts: false, write: () => undefined }).receipts).toBeUndefined();
  });

  it('takes no receipt once NODE_ENV says production', async () => {
    const { reader } = withReceipts();
    process.env.NODE_ENV = 'production';
    const request: ReceiptRequest = { method: 'POST', url: '/receipts', headers: {}, query: {}, body: { messageId: 'id-1', state: 'failed' }, rawBody: undefined };

    expect(await reader.read(request)).toEqual({ signed: false });
  });

  it('refuses a receipts option that is not a boolean', () => {
    expect(() => new ConsoleProvider({ receipts: 'yes' as unknown as boolean })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'receipts' }));
  });
});
