import twilio from 'twilio';
import { TwilioProvider, type TwilioProviderOptions } from '../../lib/providers/TwilioProvider';
import type { SmsMessage } from '../../lib/providers/SmsProvider';
import { startServer, type LocalServer } from '../support/httpServer';
import { sendError } from '../support/sendError';
import { ACCOUNT_SID, AUTH_TOKEN, INVALID_NUMBER, SERVER_ERROR, useTwilioEmulator } from '../support/twilioEmulator';

const emulator = useTwilioEmulator();

const NUMBER = '+15017122661';
const digits = '4 8 1 5 2 6';
const call: SmsMessage = { to: '+14155550100', channel: 'voice', locale: 'fr', digits, body: `Votre code Acme est ${digits}. Je répète : ${digits}. Une dernière fois : ${digits}.` };

function provider(options: Partial<TwilioProviderOptions> = {}): TwilioProvider {
  return new TwilioProvider({ authToken: AUTH_TOKEN, sender: NUMBER, client: emulator.api.client(), ...options });
}

/** The `<Say>` elements of a call's TwiML: their language and text, unescaped. */
function says(twiml: string | undefined): { language: string; text: string }[] {
  const unescape = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_whole, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
  return [...(twiml ?? '').matchAll(/<Say language="([^"]*)">([^<]*)<\/Say>/g)].map(([, language, text]) => ({ language, text: unescape(text) }));
}

/** Places the call and returns what the emulator recorded of it. */
async function placed(message: SmsMessage, options: Partial<TwilioProviderOptions> = {}) {
  const { messageIds } = await provider(options).send(message);
  const created = emulator.api.created.get(messageIds[0]);
  if (!created) throw new Error(`no call ${messageIds[0]}`);
  return created;
}

describe('TwilioProvider, calls', () => {
  it.each<[string, boolean, Partial<TwilioProviderOptions>]>([
    ['a sender in E.164', true, {}],
    ['a sender ID and a voiceSender', true, { sender: 'Acme', voiceSender: NUMBER }],
    ['a Messaging Service and a voiceSender', true, { sender: `MG${'ab'.repeat(16)}`, voiceSender: NUMBER }],
    ['a sender ID alone', false, { sender: 'Acme' }],
    ['a short code alone', false, { sender: '72345' }],
    ['a Messaging Service alone', false, { sender: `MG${'ab'.repeat(16)}` }],
  ])('with %s, voice is %s', (_label, voice, options) => {
    expect(provider(options).voice).toBe(voice);
  });

  it('places a call through the Calls API and resolves with the call SID as its one message id', async () => {
    const sent = await provider().send(call);

    expect(sent).toEqual({ messageIds: [expect.stringMatching(/^CA[0-9a-f]{32}$/)] });
    const [request] = emulator.api.received;
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    const form = new URLSearchParams(request.body);
    expect(form.get('To')).toBe(call.to);
    expect(form.get('From')).toBe(NUMBER);
    expect(form.has('Url')).toBe(false);
    expect(form.has('StatusCallback')).toBe(false);
  });

  it('speaks the body as given, in one Say after a pause: the body says the code three times, digit by digit', async () => {
    const { twiml } = await placed(call);

    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Pause length="1"\/><Say language="fr-FR">/);
    expect(says(twiml)).toEqual([{ language: 'fr-FR', text: call.body }]);
    expect(says(twiml)[0].text.split(digits)).toHaveLength(4);
  });

  it('keeps markup in the body as text: an app name cannot add TwiML', async () => {
    const body = 'Your R&D <Dial>+19005550100</Dial> code is 1 2 3.';
    const { twiml } = await placed({ ...call, body });

    expect(twiml).not.toContain('<Dial>');
    expect(says(twiml)).toEqual([{ language: 'fr-FR', text: body }]);
  });

  it.each([
    ['en', 'en-US'],
    ['de', 'de-DE'],
    ['es', 'es-ES'],
    ['fr', 'fr-FR'],
    ['pt', 'pt-BR'],
    ['fr-CA', 'fr-CA'],
    ['pt-PT', 'pt-PT'],
    ['en-GB', 'en-GB'],
    ['es-AR', 'es-ES'],
    ['ja', 'en-US'],
    ['not a tag', 'en-US'],
  ])('speaks locale %s with the voice language %s', async (locale, language) => {
    const { twiml } = await placed({ ...call, locale });

    expect(says(twiml)).toEqual([{ language, text: call.body }]);
  });

  it('calls from voiceSender when given, and texts still come from sender', async () => {
    const voiceSender = '+15017122662';
    const caller = provider({ sender: 'Acme', voiceSender });
    await caller.send(call);
    await caller.send({ to: call.to, body: 'Your code is 123456', channel: 'sms', locale: 'en' });

    expect(emulator.api.received.map((request) => [request.path.replace(/.*\//, ''), new URLSearchParams(request.body).get('From')])).toEqual([
      ['Calls.json', voiceSender],
      ['Messages.json', 'Acme'],
    ]);
  });

  it('sends statusCallbackUrl as the StatusCallback of the call', async () => {
    const statusCallbackUrl = 'https://otp.example.com/sms-otp/status/twilio';
    const created = await placed(call, { statusCallbackUrl });

    expect(created.statusCallback).toBe(statusCallbackUrl);
  });

  it('refuses a call without a number to call from, as a set-up fault, without asking Twilio', async () => {
    const err = await sendError(provider({ sender: 'Acme' }).send(call));

    expect(err).toMatchObject({ provider: 'twilio', retryable: false, fault: 'setup' });
    expect(err.message).toContain('voiceSender');
    expect(emulator.api.received).toEqual([]);
  });

  it('reports an invalid number (21217) as a permanent failure of the recipient', async () => {
    const err = await sendError(provider().send({ ...call, to: INVALID_NUMBER }));

    expect(err).toMatchObject({ provider: 'twilio', status: 400, code: 21217, retryable: false, fault: 'recipient' });
    expect(err.message).toContain('Twilio refused the call');
  });

  it('reports a server error as retryable', async () => {
    emulator.api.failNext(SERVER_ERROR);
    const err = await sendError(provider().send(call));

    expect(err).toMatchObject({ status: 500, code: 20500, retryable: true });
  });

  describe('against a Twilio that never answers', () => {
    let silent: LocalServer;
    beforeAll(async () => {
      silent = await startServer(() => new Promise<void>(() => undefined));
    });
    afterAll(() => silent.close());

    it('reports the timeout as retryable', async () => {
      class Silent extends twilio.RequestClient {
        override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
          return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', silent.origin) });
        }
      }
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new Silent({ timeout: 200 }) });
      const err = await sendError(provider({ client }).send(call));

      expect(err).toMatchObject({ provider: 'twilio', retryable: true });
      expect(err.message).toContain('could not be reached');
      expect(err.message).not.toContain(AUTH_TOKEN);
    });
  });
});
