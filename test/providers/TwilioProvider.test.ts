import { InvalidOptionError } from '../../lib/errors';
import { TwilioProvider } from '../../lib/providers/TwilioProvider';
import { closedPort } from '../support/httpServer';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  INVALID_NUMBER,
  NOT_MOBILE_NUMBER,
  SERVER_ERROR,
  TOO_MANY_REQUESTS,
  UNSUBSCRIBED_NUMBER,
  useTwilioEmulator,
} from '../support/twilioEmulator';
import twilio from 'twilio';
import { sendError } from '../support/sendError';

const emulator = useTwilioEmulator();

const message = { to: '+14155550100', body: 'Your code is 123456', channel: 'sms' as const, locale: 'en' };

function provider(sender = '+15017122661', client = emulator.api.client()): TwilioProvider {
  return new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender, client });
}

describe('TwilioProvider', () => {
  it('posts To, From and Body with Basic auth and resolves with the message SID as its one message id', async () => {
    const sent = await provider().send(message);

    expect(sent).toEqual({ messageIds: [expect.stringMatching(/^SM[0-9a-f]{32}$/)] });
    expect(emulator.api.created.get(sent.messageIds[0])).toMatchObject({ kind: 'message', to: message.to, statusCallback: undefined });
    const [request] = emulator.api.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: message.to, From: '+15017122661', Body: message.body });
  });

  it('sends a Messaging Service SID as MessagingServiceSid instead of From', async () => {
    const service = `MG${'ab'.repeat(16)}`;
    await provider(service).send(message);

    const form = new URLSearchParams(emulator.api.received[0].body);
    expect(form.get('MessagingServiceSid')).toBe(service);
    expect(form.has('From')).toBe(false);
  });

  it('keeps quotes, newlines and emoji in the body intact', async () => {
    const body = 'He said "hi" \\ ok\nCode: 123456 😀 & = +';
    await provider().send({ to: message.to, body, channel: 'sms' as const, locale: 'en' });

    expect(new URLSearchParams(emulator.api.received[0].body).get('Body')).toBe(body);
  });

  it.each([
    ['an invalid number', INVALID_NUMBER, 400, 21211],
    ['an unsubscribed recipient', UNSUBSCRIBED_NUMBER, 400, 21610],
    ['a number that is not a mobile', NOT_MOBILE_NUMBER, 400, 21614],
  ])('reports %s as a permanent failure of the recipient, with status, code, message and more_info', async (_label, to, status, code) => {
    const err = await sendError(provider().send({ to, body: 'x', channel: 'sms', locale: 'en' }));

    expect(err).toMatchObject({ provider: 'twilio', status, code, retryable: false, fault: 'recipient' });
    expect(err.message).toContain(String(code));
    expect(err.detail).toContain(`https://www.twilio.com/docs/errors/${code}`);
  });

  it('reports wrong credentials (20003) as permanent and never shows the token', async () => {
    const wrong = 'wrong-token-0000000000000000000';
    const err = await sendError(
      new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: wrong, sender: '+15017122661', client: emulator.api.client(ACCOUNT_SID, wrong) }).send(message),
    );

    expect(err).toMatchObject({ status: 401, code: 20003, retryable: false, fault: 'setup', detail: 'Authenticate https://www.twilio.com/docs/errors/20003' });
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(wrong);
  });

  it.each([
    ['too many requests (20429)', TOO_MANY_REQUESTS],
    ['a server error', SERVER_ERROR],
  ])('reports %s as retryable', async (_label, error) => {
    emulator.api.failNext(error);
    const err = await sendError(provider().send(message));

    expect(err).toMatchObject({ status: error.status, code: error.code, retryable: true, fault: undefined });
  });

  it('reports a refused connection as retryable', async () => {
    const port = await closedPort();
    class Unreachable extends twilio.RequestClient {
      override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
        return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', `http://127.0.0.1:${port}`) });
      }
    }
    const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new Unreachable() });
    const err = await sendError(provider('+15017122661', client).send(message));

    expect(err).toMatchObject({ provider: 'twilio', retryable: true, code: 'ECONNREFUSED' });
    expect(err.message).not.toContain(AUTH_TOKEN);
  });

  it('resolves with a new SID for each message', async () => {
    const first = await provider().send(message);
    const second = await provider().send(message);

    expect(first.messageIds[0]).not.toBe(second.messageIds[0]);
  });

  it('sends statusCallbackUrl, exactly as given, as the StatusCallback of every message', async () => {
    const statusCallbackUrl = 'https://otp.example.com/sms-otp/status/twilio?tenant=a%20b';
    const sender = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', statusCallbackUrl, client: emulator.api.client() });
    const { messageIds } = await sender.send(message);

    expect(new URLSearchParams(emulator.api.received[0].body).get('StatusCallback')).toBe(statusCallbackUrl);
    expect(emulator.api.created.get(messageIds[0])?.statusCallback).toBe(statusCallbackUrl);
  });

  it('has receipts only with statusCallbackUrl', () => {
    expect(provider().receipts).toBeUndefined();
    expect(new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: 'MyApp', statusCallbackUrl: 'https://otp.example.com/status' }).receipts).toBeDefined();
  });

  it('needs no credentials when given a ready client', async () => {
    await expect(new TwilioProvider({ sender: '+15017122661', client: emulator.api.client() }).send(message)).resolves.toEqual({ messageIds: [expect.stringMatching(/^SM/)] });
  });

  it('needs the auth token with statusCallbackUrl even when given a ready client: it checks the callbacks', () => {
    const attempt = () => new TwilioProvider({ sender: '+15017122661', client: emulator.api.client(), statusCallbackUrl: 'https://otp.example.com/status' });

    expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'authToken' }));
    expect(attempt).toThrow('statusCallbackUrl');
  });

  it.each([
    ['a relative URL', '/sms-otp/status/twilio', 'not an absolute URL'],
    ['another scheme', 'ftp://otp.example.com/status', 'ftp:'],
    ['credentials', 'https://user:pass@otp.example.com/status', 'credentials'],
    ['a blank string', '  ', 'a blank string'],
  ])('refuses a statusCallbackUrl with %s', (_label, statusCallbackUrl, got) => {
    const attempt = () => new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', statusCallbackUrl });

    expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'statusCallbackUrl' }));
    expect(attempt).toThrow(got);
  });

  it('refuses a client without the messages and calls of a Twilio client', () => {
    const messagesOnly = { messages: emulator.api.client().messages } as never;

    expect(() => new TwilioProvider({ sender: '+15017122661', client: messagesOnly })).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'client' }));
  });

  it('builds its own client from the credentials', () => {
    expect(() => new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: 'MyApp' })).not.toThrow();
  });

  it.each([
    [{ accountSid: 'AC123', authToken: AUTH_TOKEN, sender: '+15017122661' }, 'accountSid'],
    [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: 'MG123' }, 'sender'],
    [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: 'Way Too Long Sender' }, 'sender'],
    [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', timeoutMs: 0 }, 'timeoutMs'],
    [{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: 'MyApp', voiceSender: '15017122661' }, 'voiceSender'],
  ])('refuses invalid options at construction, naming the option (%#)', (options, option) => {
    expect(() => new TwilioProvider(options)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });

  it('names every missing option in one error', () => {
    const attempt = () => new TwilioProvider({ sender: '' } as never);

    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow('accountSid, authToken, sender');
  });
});
