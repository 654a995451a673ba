// Issue 20 end to end through the real twilio SDK: the emulator takes the text and the call and signs
// its status callbacks with the auth token, as Twilio does; the app's receipts URL sits behind a proxy.
import { TwilioProvider } from '../lib';
import { backends } from './support/backends';
import { AUTH_TOKEN, startTwilioEmulator, type TwilioEmulator } from './support/twilioEmulator';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';

/** The public URL Twilio is told; a proxy forwards it to an instance's /sms-otp/receipts/twilio. */
const PUBLIC_URL = 'https://login.example.com/hooks/sms-status';

let api: TwilioEmulator;
beforeAll(async () => {
  api = await startTwilioEmulator();
});
afterAll(async () => {
  await closeAllInstances();
  await api.close();
});

function twilio(): TwilioProvider {
  return new TwilioProvider({ authToken: AUTH_TOKEN, sender: '+15017122661', statusCallbackUrl: PUBLIC_URL, client: api.client() });
}

/** The latest message or call the emulator created for `to`. */
function latest(kind: 'message' | 'call') {
  const found = [...api.created.values()].filter((resource) => resource.kind === kind).at(-1);
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

describe.each(backends('twilioDelivery'))('Twilio receipts and calls, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  it('shows an undelivered text to a landline honestly, texts no more, and calls instead: the spoken code signs in', async () => {
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON, voice: true }, { provider: twilio() });
    await pair.passFirstFactor();
    const text = latest('message');
    expect(text.statusCallback).toBe(PUBLIC_URL);
    const reach = `${await pair.origin(pair.b)}/sms-otp/receipts/twilio`;
    expect((await api.post(api.statusCallback(text.sid, 'sent'), { reach })).status).toBe(204);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('accepted');
    expect((await api.post(api.statusCallback(text.sid, 'undelivered', { errorCode: 30006 }), { reach })).status).toBe(204);

    const prompt = shownView(await pair.send(pair.a, 'get', '/login/sms'));
    expect(prompt).toMatchObject({ delivery: 'failed', cannotReceiveTexts: true, canResend: true, canCall: true, notice: 'The number •••••••0123 cannot receive text messages.' });
    expect(pair.eventsOf('delivery_failed').map((event) => [event.provider, event.code, event.retryable])).toEqual([['twilio', '30006', false]]);
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(422);

    // The failed text waived the cooldown: the call goes at once.
    expect((await pair.send(pair.b, 'post', '/login/sms', { call: '1' })).status).toBe(303);
    const call = latest('call');
    expect(call.to).toBe('+12015550123');
    const spoken = /is ((?:\d ){5}\d)\./.exec(call.twiml ?? '')?.[1] ?? '';
    expect(call.twiml).toContain(`Again, your code is ${spoken}.`);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: spoken.replace(/ /g, '') })).headers.location).toBe('/account');
  });

  it("draws, on the package's own page, only the call for a number that cannot receive texts", async () => {
    const pair = new TwoInstances(await backend.open(), { voice: true }, { provider: twilio() });
    await pair.passFirstFactor();
    const reach = `${await pair.origin(pair.a)}/sms-otp/receipts/twilio`;
    await api.post(api.statusCallback(latest('message').sid, 'undelivered', { errorCode: 30006 }), { reach });
    const page = (await pair.send(pair.a, 'get', '/login/sms')).text;
    expect(page).toContain('The number •••••••0123 cannot receive text messages.');
    expect(page).toContain('name="call"');
    expect(page).toContain('Call me instead');
    expect(page).not.toContain('name="resend"');
  });

  it('refuses a callback signed with another token, or for another URL, and changes nothing', async () => {
    const pair = new TwoInstances(await backend.open(), { view: VIEW_JSON }, { provider: twilio() });
    await pair.passFirstFactor();
    const { sid } = latest('message');
    const reach = `${await pair.origin(pair.a)}/sms-otp/receipts/twilio`;
    expect((await api.post(api.statusCallback(sid, 'undelivered', { errorCode: 30006, authToken: 'another-token-0123456789abcdef' }), { reach })).status).toBe(403);
    expect((await api.post(api.statusCallback(sid, 'undelivered', { errorCode: 30006 }), { reach, signature: null })).status).toBe(403);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('accepted');
    expect((await api.post(api.statusCallback(sid, 'delivered'), { reach })).status).toBe(204);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).delivery).toBe('delivered');
    expect((await pair.send(pair.a, 'get', '/whoami')).body.authenticated).toBe(false);
  });
});
