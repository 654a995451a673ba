import { Vonage } from '@vonage/server-sdk';
import { InvalidOptionError } from '../../lib/errors';
import { VonageProvider } from '../../lib/providers/VonageProvider';
import { closedPort } from '../support/httpServer';
import { API_KEY, API_SECRET, startVonageEmulator, type VonageEmulator } from '../support/vonageEmulator';
import { sendError } from '../support/sendError';

let api: VonageEmulator;
beforeAll(async () => {
  api = await startVonageEmulator();
});
afterAll(() => api.close());
beforeEach(() => {
  api.received.length = 0;
});

const message = { to: '+447700900000', body: 'Your code is 123456', channel: 'sms' as const, locale: 'en' };

function provider(options: { apiSecret?: string; restHost?: string; sender?: string; timeoutMs?: number } = {}): VonageProvider {
  return new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'MyApp', restHost: api.origin, timeoutMs: 2000, ...options });
}

describe('VonageProvider', () => {
  it('posts to, from and text as JSON with Basic auth, the number without "+", and resolves with the message id', async () => {
    const sent = await provider().send(message);

    expect(sent).toEqual({ messageIds: [expect.stringMatching(/^0A[0-9A-F]{14}$/)] });
    const [request] = api.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/sms/json');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`);
    expect(JSON.parse(request.body)).toEqual({ to: '447700900000', from: 'MyApp', text: message.body });
  });

  it('resolves with the id of each part of a text Vonage sends in two', async () => {
    const body = `Your code is 123456. ${'This text is long enough to be sent in two parts. '.repeat(3)}`;
    expect(body.length).toBeGreaterThan(160);
    const { messageIds } = await provider().send({ ...message, body });

    expect(messageIds).toHaveLength(2);
    expect(new Set(messageIds).size).toBe(2);
    expect(api.received).toHaveLength(1);
  });

  it('sends text outside GSM-7 as unicode, unchanged', async () => {
    const body = 'Code "123456" \\ ok\nmerci 😀';
    await provider({ sender: '+447700900001' }).send({ to: message.to, body, channel: 'sms' as const, locale: 'en' });

    expect(JSON.parse(api.received[0].body)).toMatchObject({ from: '447700900001', text: body, type: 'unicode' });
  });

  it('accepts a ready client', async () => {
    const client = new Vonage({ apiKey: API_KEY, apiSecret: API_SECRET }, { restHost: api.origin });

    await expect(new VonageProvider({ sender: 'MyApp', client }).send(message)).resolves.toEqual({ messageIds: [expect.stringMatching(/^0A/)] });
  });

  it.each([
    ['2', 'Missing to param'],
    ['9', 'Quota Exceeded - rejected'],
  ])('reports a 200 with status %s as a permanent failure', async (status, text) => {
    api.failNext({ status });
    const err = await sendError(provider().send(message));

    expect(err).toMatchObject({ provider: 'vonage', code: Number(status), retryable: false, detail: text });
  });

  it.each([
    ['6', 'Invalid Message'],
    ['7', 'Number Barred'],
    ['33', 'Number De-activated'],
  ])('reports status %s as a permanent failure of the recipient', async (status, text) => {
    api.failNext({ status });

    expect(await sendError(provider().send(message))).toMatchObject({ code: Number(status), retryable: false, fault: 'recipient', detail: text });
  });

  it.each([
    ['9', 'Quota Exceeded - rejected'],
    ['29', 'Non White-listed Destination - rejected'],
  ])('reports status %s as a permanent failure of the set-up', async (status, text) => {
    api.failNext({ status });

    expect(await sendError(provider().send(message))).toMatchObject({ code: Number(status), retryable: false, fault: 'setup', detail: text });
  });

  it('reports bad credentials (status 4) as a permanent failure of the set-up and never shows the secret', async () => {
    const wrong = 'wrong-secret-0000';
    const err = await sendError(provider({ apiSecret: wrong }).send(message));

    expect(err).toMatchObject({ code: 4, retryable: false, fault: 'setup', detail: 'Bad Credentials' });
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(wrong);
  });

  it('reports throttling (status 1) as retryable', async () => {
    api.failNext({ status: '1' });

    expect(await sendError(provider().send(message))).toMatchObject({ code: 1, retryable: true });
  });

  it.each([500, 429])('reports HTTP %s as retryable', async (httpStatus) => {
    api.failNext({ httpStatus });

    expect(await sendError(provider().send(message))).toMatchObject({ status: httpStatus, retryable: true, fault: undefined });
  });

  it('reports HTTP 401 as a permanent failure of the set-up, with the problem document as detail', async () => {
    api.failNext({ httpStatus: 401 });
    const err = await sendError(provider().send(message));

    expect(err).toMatchObject({ status: 401, retryable: false, fault: 'setup' });
    expect(err.detail).toContain('"title":"Invalid credentials supplied"');
    expect(err.message).toBe(`Vonage answered HTTP 401: ${err.detail}`);
  });

  it('reports a timeout as retryable', async () => {
    api.failNext({ delayMs: 500 });

    expect(await sendError(provider({ timeoutMs: 100 }).send(message))).toMatchObject({ retryable: true, code: 'timeout' });
  });

  it('reports a refused connection as retryable', async () => {
    const port = await closedPort();
    const err = await sendError(provider({ restHost: `http://127.0.0.1:${port}` }).send(message));

    expect(err).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });

  it.each([
    [{ sender: 'Way Too Long Sender' }, 'sender'],
    [{ restHost: 'ftp://example.com' }, 'restHost'],
  ])('refuses invalid options at construction, naming the option (%#)', (options, option) => {
    expect(() => provider(options)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('names every missing option in one error', () => {
    const attempt = () => new VonageProvider({ sender: 'MyApp', apiKey: ' ' } as never);

    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow('"apiKey, apiSecret"');
  });

  it('says which SDK version to install on Node 20 when the SDK is missing', () => {
    jest.isolateModules(() => {
      jest.doMock('@vonage/server-sdk', () => {
        throw Object.assign(new Error("Cannot find module '@vonage/server-sdk'"), { code: 'MODULE_NOT_FOUND' });
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('../../lib/providers/VonageProvider') as typeof import('../../lib/providers/VonageProvider');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SmsOtpError } = require('../../lib/errors') as typeof import('../../lib/errors');
      const attempt = () => new isolated.VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'MyApp' });
      expect(attempt).toThrow(SmsOtpError);
      expect(attempt).toThrow('on Node 20: npm install @vonage/server-sdk@3.27, the last version that runs there; later ones need Node 22');
    });
  });
});
