import express from 'express';
import twilio from 'twilio';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readReceiptRequest } from '../../lib/http/readReceiptRequest';
import type { ReceiptReading } from '../../lib/providers/DeliveryReceipt';
import { TwilioProvider } from '../../lib/providers/TwilioProvider';
import { AUTH_TOKEN, startTwilioEmulator, twilioSignature, type StatusCallback, type TwilioEmulator } from '../support/twilioEmulator';

/** The public URL Twilio is given; a proxy in front of the app forwards it to `/internal/twilio-status` on 127.0.0.1. */
const PUBLIC_URL = 'https://otp.example.com/sms-otp/status/twilio?tenant=acme';
/** The same URL with Twilio's connection overrides: three retries on a 5xx answer. */
const WITH_OVERRIDES = `${PUBLIC_URL}#rc=3&rp=5xx`;
const message = { to: '+14155550100', body: 'Your code is 123456', channel: 'sms' as const, locale: 'en' };

let api: TwilioEmulator;
let app: Server;
let appOrigin: string;

beforeAll(async () => {
  api = await startTwilioEmulator();
  app = await listen(receiptsApp());
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => app.close(resolve));
});

/** The provider under test, sending through the emulator with the public URL as its StatusCallback. */
function sending(statusCallbackUrl = PUBLIC_URL): TwilioProvider {
  return new TwilioProvider({ authToken: AUTH_TOKEN, sender: '+15017122661', statusCallbackUrl, client: api.client() });
}

/** An app that reads each request to its receipts routes as the package's middleware does, and answers with the reading. */
function receiptsApp(): express.Express {
  const receiver = express();
  const answer =
    (reader: TwilioProvider): express.RequestHandler =>
    (req, res, next) => {
      readReceiptRequest(req)
        .then((request) => reader.receipts?.read(request))
        .then((reading) => res.json(reading), next);
    };
  receiver.post('/internal/twilio-status', express.urlencoded({ extended: false }), answer(sending()));
  receiver.post('/internal/unparsed', answer(sending()));
  receiver.post('/internal/overrides', express.urlencoded({ extended: false }), answer(sending(WITH_OVERRIDES)));
  return receiver;
}

function listen(handler: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = handler.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Sends a text through the provider and returns its SID. */
async function sentSid(): Promise<string> {
  const { messageIds } = await sending().send(message);
  return messageIds[0];
}

/** Posts a callback to the app through the proxy, as Twilio would, and returns the provider's reading. */
async function readThroughProxy(callback: StatusCallback, options: { signature?: string | null } = {}): Promise<ReceiptReading> {
  const answer = await api.post(callback, { reach: `${appOrigin}/internal/twilio-status?tenant=acme`, ...options });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as ReceiptReading;
}

describe("TwilioProvider's receipts", () => {
  it('signs its callbacks as Twilio documents it (the published example)', () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it.each(['delivered', 'read'])('reads a signed "%s" as delivered, for the SID the send resolved with', async (status) => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, status))).resolves.toEqual({ signed: true, receipt: { messageId: sid, state: 'delivered', code: '' } });
  });

  it('reads a signed "undelivered" 30006 (a landline) as failed by the recipient', async () => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'undelivered', { errorCode: 30006 }))).resolves.toEqual({
      signed: true,
      receipt: { messageId: sid, state: 'failed', code: '30006', fault: 'recipient' },
    });
  });

  it.each([30005, 21610])('reads a failure %i as the recipient unable to receive texts', async (errorCode) => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'failed', { errorCode }))).resolves.toMatchObject({ receipt: { state: 'failed', code: String(errorCode), fault: 'recipient' } });
  });

  it('reads "undelivered" 30003 (a handset off or out of coverage) as failed, with no fault: a later text may arrive', async () => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'undelivered', { errorCode: 30003 }))).resolves.toEqual({
      signed: true,
      receipt: { messageId: sid, state: 'failed', code: '30003' },
    });
  });

  it.each(['queued', 'sending', 'sent', 'accepted', 'scheduled'])('reads "%s" as accepted', async (status) => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, status))).resolves.toEqual({ signed: true, receipt: { messageId: sid, state: 'accepted', code: '' } });
  });

  it('reads SmsStatus when MessageStatus is missing', async () => {
    const sid = await sentSid();
    const params: Record<string, string> = { ...api.statusCallback(sid, 'delivered').params };
    delete params.MessageStatus;

    const reading = await readThroughProxy({ url: PUBLIC_URL, params, signature: twilioSignature(AUTH_TOKEN, PUBLIC_URL, params) });

    expect(reading).toEqual({ signed: true, receipt: { messageId: sid, state: 'delivered', code: '' } });
  });

  it('reads a signed status it does not track ("canceled") as no receipt', async () => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'canceled'))).resolves.toEqual({ signed: true });
  });

  it('refuses a wrong signature', async () => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'delivered', { authToken: 'another-accounts-token-000000000' }))).resolves.toEqual({ signed: false });
  });

  it('refuses a callback without a signature', async () => {
    const sid = await sentSid();

    await expect(readThroughProxy(api.statusCallback(sid, 'delivered'), { signature: null })).resolves.toEqual({ signed: false });
  });

  it('refuses tampered fields: a failure turned into "delivered"', async () => {
    const sid = await sentSid();
    const signed = api.statusCallback(sid, 'undelivered', { errorCode: 30006 });
    const tampered = { ...signed, params: { ...signed.params, MessageStatus: 'delivered', SmsStatus: 'delivered' } };

    await expect(readThroughProxy(tampered)).resolves.toEqual({ signed: false });
  });

  it('refuses a callback signed for another URL, even with the same auth token', async () => {
    const sid = await sentSid();
    const signed = api.statusCallback(sid, 'delivered');
    const elsewhere = 'https://other-app.example.com/sms-otp/status/twilio?tenant=acme';

    await expect(readThroughProxy({ ...signed, signature: twilioSignature(AUTH_TOKEN, elsewhere, signed.params) })).resolves.toEqual({ signed: false });
  });

  it('checks against the configured URL: the proxy changed scheme, host and path, which the signature does not cover', async () => {
    const sid = await sentSid();
    const callback = api.statusCallback(sid, 'delivered');
    const reached = `${appOrigin}/internal/twilio-status?tenant=acme`;

    expect(twilio.validateRequest(AUTH_TOKEN, callback.signature, reached, callback.params)).toBe(false);
    await expect(readThroughProxy(callback)).resolves.toMatchObject({ signed: true, receipt: { messageId: sid, state: 'delivered' } });
  });

  it('reads a callback that no body parser read', async () => {
    const sid = await sentSid();
    const answer = await api.post(api.statusCallback(sid, 'delivered'), { reach: `${appOrigin}/internal/unparsed` });

    expect(JSON.parse(answer.body)).toEqual({ signed: true, receipt: { messageId: sid, state: 'delivered', code: '' } });
  });

  it('signs the query string of the configured URL too', async () => {
    const withoutQuery = PUBLIC_URL.replace(/\?.*/, '');
    const sid = await sentSid();
    const signed = api.statusCallback(sid, 'delivered');

    await expect(readThroughProxy({ ...signed, signature: twilioSignature(AUTH_TOKEN, withoutQuery, signed.params) })).resolves.toEqual({ signed: false });
  });

  it('accepts connection overrides in the URL: Twilio requests and signs it without them', async () => {
    const { messageIds } = await sending(WITH_OVERRIDES).send(message);
    const callback = api.statusCallback(messageIds[0], 'delivered');
    const answer = await api.post(callback, { reach: `${appOrigin}/internal/overrides` });

    expect(api.created.get(messageIds[0])?.statusCallback).toBe(WITH_OVERRIDES);
    expect(callback.url).toBe(PUBLIC_URL);
    expect(JSON.parse(answer.body)).toEqual({ signed: true, receipt: { messageId: messageIds[0], state: 'delivered', code: '' } });
  });

  it('accepts a signature over the URL with its connection overrides too', async () => {
    const { messageIds } = await sending(WITH_OVERRIDES).send(message);
    const callback = api.statusCallback(messageIds[0], 'delivered');
    const answer = await api.post({ ...callback, signature: twilioSignature(AUTH_TOKEN, WITH_OVERRIDES, callback.params) }, { reach: `${appOrigin}/internal/overrides` });

    expect(JSON.parse(answer.body)).toMatchObject({ signed: true, receipt: { messageId: messageIds[0] } });
  });

  it('reads a call: completed as delivered, busy and no-answer as failed with the status as code', async () => {
    const caller = sending();
    const call = async (status: string) => {
      const { messageIds } = await caller.send({ ...message, channel: 'voice', digits: '1 2 3 4 5 6' });
      return readThroughProxy(api.statusCallback(messageIds[0], status));
    };

    await expect(call('completed')).resolves.toMatchObject({ signed: true, receipt: { state: 'delivered', code: '' } });
    await expect(call('busy')).resolves.toMatchObject({ signed: true, receipt: { state: 'failed', code: 'busy' } });
    await expect(call('no-answer')).resolves.toMatchObject({ signed: true, receipt: { state: 'failed', code: 'no-answer' } });
    await expect(call('ringing')).resolves.toMatchObject({ signed: true, receipt: { state: 'accepted' } });
  });
});
