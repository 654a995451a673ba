import request from 'supertest';
import { CustomHttpProvider, SmsOtpStrategy, TwilioProvider, VonageProvider, type SmsOtpEvent, type SmsProvider } from '../lib';
import { startGatewayEmulator, type GatewayEmulator } from './support/httpGatewayEmulator';
import { closedPort } from './support/httpServer';
import { alice, createTestApp, passFirstFactor } from './support/testApp';
import { recordingLogger } from './support/recordingLogger';
import { ACCOUNT_SID, AUTH_TOKEN, INVALID_NUMBER, startTwilioEmulator, type TwilioEmulator } from './support/twilioEmulator';
import { API_KEY, API_SECRET, startVonageEmulator, type VonageEmulator } from './support/vonageEmulator';

let twilioApi: TwilioEmulator;
let vonageApi: VonageEmulator;
let gateway: GatewayEmulator;

beforeAll(async () => {
  [twilioApi, vonageApi, gateway] = await Promise.all([startTwilioEmulator(), startVonageEmulator(), startGatewayEmulator()]);
});
afterAll(() => Promise.all([twilioApi.close(), vonageApi.close(), gateway.close()]));
beforeEach(() => gateway.answer({}));

const codeIn = (text: string): string => {
  const match = /is ([0-9]{6})\./.exec(text);
  if (!match) throw new Error(`no code in ${text}`);
  return match[1];
};

function customGateway(options: Partial<ConstructorParameters<typeof CustomHttpProvider>[0]> = {}): CustomHttpProvider {
  return new CustomHttpProvider({
    url: `${gateway.origin}/send`,
    payloadTemplate: '{"content": {{body}}, "to": {{mobile}}}',
    headers: 'authorisation: qwer1234asdfzxcv, x-csrf: true',
    timeoutMs: 300,
    ...options,
  });
}

async function signInThrough(provider: SmsProvider, lastText: () => string): Promise<void> {
  const { app } = createTestApp({ provider });
  const agent = request.agent(app);
  expect((await passFirstFactor(agent)).status).toBe(200);
  await agent.post('/login/sms').type('form').send({ code: codeIn(lastText()) }).expect(302).expect('Location', '/account');
  expect((await agent.get('/account')).text).toBe('signed in as alice');
}

describe('a whole sign-in through each provider', () => {
  it('Twilio: password, SMS through the Twilio API, code, signed in', async () => {
    const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', client: twilioApi.client() });
    await signInThrough(provider, () => new URLSearchParams(twilioApi.received.at(-1)?.body).get('Body') ?? '');
    expect(new URLSearchParams(twilioApi.received.at(-1)?.body).get('To')).toBe('+12015550123');
  });

  it('Vonage: password, SMS through the Vonage SMS API, code, signed in', async () => {
    const provider = new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'Acme', restHost: vonageApi.origin });
    await signInThrough(provider, () => JSON.parse(vonageApi.received.at(-1)?.body ?? '{}').text);
  });

  it('custom HTTP gateway: password, SMS through the gateway, code, signed in', async () => {
    await signInThrough(customGateway(), () => JSON.parse(gateway.received.at(-1)?.body ?? '{}').content);
    expect(gateway.received.at(-1)?.headers.authorisation).toBe('qwer1234asdfzxcv');
  });
});

describe('a failing custom gateway', () => {
  it.each([
    ['answers 500', () => gateway.answer({ status: 500, body: 'oops' })],
    ['times out', () => gateway.answer({ delayMs: 1000 })],
  ])('that %s shows the 503 page, and an immediate retry succeeds', async (_label, breakGateway) => {
    const events: SmsOtpEvent[] = [];
    const { app } = createTestApp({ provider: customGateway(), strategy: { onEvent: (event) => void events.push(event) } });
    const agent = request.agent(app);
    breakGateway();
    const page = await passFirstFactor(agent);
    expect(page.status).toBe(503);
    expect(page.text).toContain('We could not send a code');
    gateway.answer({});
    await agent.post('/login/sms').type('form').send({ resend: '1' }).expect(303);
    const code = codeIn(JSON.parse(gateway.received.at(-1)?.body ?? '{}').content);
    await agent.post('/login/sms').type('form').send({ code }).expect(302).expect('Location', '/account');
    expect(events.map((event) => [event.type, event.provider])).toEqual([
      ['send_failed', 'custom'],
      ['sent', 'custom'],
      ['verified', undefined],
    ]);
  });

  it('that refuses connections shows the 503 page, and a retry succeeds once it is back', async () => {
    const port = await closedPort();
    let url = `http://127.0.0.1:${port}/send`;
    const switching: SmsProvider = { name: 'custom', send: (message) => customGateway({ url }).send(message) };
    const { app } = createTestApp({ provider: switching });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(503);
    url = `${gateway.origin}/send`;
    await agent.post('/login/sms').type('form').send({ resend: '1' }).expect(303);
    expect((await agent.get('/login/sms')).status).toBe(200);
  });
});

describe('a provider that refuses the message says why, and the page says what helps', () => {
  /** The first factor through `provider` for a user with `mobile`: the page, the send_failed events and the log lines. */
  async function failedSignIn(provider: SmsProvider, mobile = alice.mobile) {
    const events: SmsOtpEvent[] = [];
    const { logger, lines } = recordingLogger();
    const { app } = createTestApp({
      provider,
      users: [{ ...alice, mobile }],
      strategy: { name: 'sms-otp-admin', logger, onEvent: (event) => void events.push(event), phoneValidation: 'possible' },
    });
    const page = await passFirstFactor(request.agent(app));
    return { page, text: page.text.replace(/&#39;/g, "'"), failures: events.filter((event) => event.type === 'send_failed'), lines };
  }

  it("a gateway answering 401 with its reason: an error line and an event with the status, the reason and the gateway's IP address", async () => {
    gateway.answer({ status: 401, body: 'invalid API token' });
    const { page, text, failures, lines } = await failedSignIn(customGateway());

    expect(page.status).toBe(503);
    expect(text).toContain("We can't send texts right now.");
    expect(failures).toEqual([
      expect.objectContaining({
        strategy: 'sms-otp-admin',
        provider: 'custom',
        httpStatus: 401,
        reason: 'http_401',
        retryable: false,
        fault: 'setup',
        error: `SMS gateway http://127.0.0.1:${gateway.port} answered HTTP 401`,
        detail: 'invalid API token',
      }),
    ]);
    expect(lines.filter((line) => line.level !== 'info')).toEqual([
      {
        level: 'error',
        message: `sms-otp-admin send_failed: SMS gateway http://127.0.0.1:${gateway.port} answered HTTP 401: invalid API token`,
        fields: expect.objectContaining({ strategy: 'sms-otp-admin', type: 'send_failed', httpStatus: 401, detail: 'invalid API token' }),
      },
    ]);
  });

  it('Twilio refusing an invalid number (21211): a warning with its code and message, the number hidden, and the number page', async () => {
    const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, sender: '+15017122661', client: twilioApi.client() });
    const { page, text, failures, lines } = await failedSignIn(provider, INVALID_NUMBER);

    expect(page.status).toBe(503);
    expect(text).toContain("We can't send a text to this number");
    expect(failures).toEqual([
      expect.objectContaining({
        httpStatus: 400,
        code: 21211,
        fault: 'recipient',
        detail: "The 'To' number [number] is not a valid phone number. https://www.twilio.com/docs/errors/21211",
      }),
    ]);
    expect(lines.filter((line) => line.level !== 'info').map((line) => line.level)).toEqual(['warn']);
    expect(JSON.stringify(lines)).not.toContain('5005550001');
  });

  it('Twilio refusing the credentials (20003): an error line, and "We can\'t send texts right now"', async () => {
    const wrong = 'wrong-token-0000000000000000000';
    const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: wrong, sender: '+15017122661', client: twilioApi.client(ACCOUNT_SID, wrong) });
    const { text, failures, lines } = await failedSignIn(provider);

    expect(text).toContain("We can't send texts right now.");
    expect(failures).toEqual([expect.objectContaining({ httpStatus: 401, code: 20003, fault: 'setup', detail: 'Authenticate https://www.twilio.com/docs/errors/20003' })]);
    expect(lines.find((line) => line.level === 'error')?.message).toBe('sms-otp-admin send_failed: Twilio refused the message (HTTP 401, code 20003): Authenticate https://www.twilio.com/docs/errors/20003');
  });

  it.each([
    ['7', 'a barred number', "We can't send a text to this number", 'recipient'],
    ['29', "a demo account's destination not yet approved", "We can't send texts right now.", 'setup'],
  ])('Vonage answering status %s (%s): the page and the event say so', async (status, _label, said, fault) => {
    const provider = new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'Acme', restHost: vonageApi.origin });
    vonageApi.failNext({ status });
    const { text, failures } = await failedSignIn(provider);

    expect(text).toContain(said);
    expect(failures).toEqual([expect.objectContaining({ httpStatus: 200, code: Number(status), fault })]);
  });
});

describe('failover', () => {
  it('moves from a failing gateway to a working second provider, reporting each attempt', async () => {
    const events: SmsOtpEvent[] = [];
    gateway.answer({ status: 503, body: 'maintenance' });
    const second = new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'Acme', restHost: vonageApi.origin });
    const { app } = createTestApp({ provider: [customGateway(), second], strategy: { onEvent: (event) => void events.push(event) } });
    const before = vonageApi.received.length;
    expect((await passFirstFactor(request.agent(app))).status).toBe(200);
    expect(vonageApi.received.length).toBe(before + 1);
    expect(events.map((event) => [event.type, event.provider])).toEqual([
      ['send_failed', 'custom'],
      ['sent', 'vonage'],
    ]);
  });

  it('stops at a permanent error instead of trying the next provider', async () => {
    gateway.answer({ status: 400, body: '{"error":"invalid number"}' });
    const second = new VonageProvider({ apiKey: API_KEY, apiSecret: API_SECRET, sender: 'Acme', restHost: vonageApi.origin });
    const { app } = createTestApp({ provider: [customGateway(), second] });
    const before = vonageApi.received.length;
    expect((await passFirstFactor(request.agent(app))).status).toBe(503);
    expect(vonageApi.received.length).toBe(before);
  });
});

describe('configuration from the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('new SmsOtpStrategy() uses the provider SMS_PROVIDER describes', async () => {
    Object.assign(process.env, {
      SMS_PROVIDER: 'custom',
      SMS_PROVIDER_URL: `${gateway.origin}/env`,
      SMS_PROVIDER_CONTENT_TYPE: 'FORM',
      SMS_PROVIDER_PAYLOAD_TEMPLATE: 'Body={{body}}&To={{mobile}}',
    });
    const strategy = new SmsOtpStrategy({ secret: 'test-secret-with-enough-length' });
    const settings = (strategy as unknown as { settings: { providers: SmsProvider[] } }).settings;
    expect(settings.providers).toHaveLength(1);
    expect(settings.providers[0]).toBeInstanceOf(CustomHttpProvider);
    await settings.providers[0].send({ to: '+15555550100', body: 'Code: 1', channel: 'sms' as const, locale: 'en' });
    expect(gateway.received.at(-1)?.body).toBe('Body=Code%3A+1&To=%2B15555550100');
  });
});
