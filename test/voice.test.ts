import { InvalidOptionError, SmsOtpStrategy, type SmsOtpOptions } from '../lib';
import { backends, type SharedState } from './support/backends';
import { ReceiptGateway } from './support/receiptProvider';
import { bob } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { shownView, VIEW_JSON } from './support/viewJson';

afterAll(() => closeAllInstances());

/** Two instances with `voice` on, texting and calling through `providers` (a gateway that can call, by default). */
async function calling(state: SharedState, strategy: SmsOtpOptions = {}, providers = [new ReceiptGateway({ receipts: false })]) {
  const pair = new TwoInstances(state, { view: VIEW_JSON, voice: true, ...strategy }, { provider: providers });
  const prompt = shownView(await pair.passFirstFactor());
  return { pair, providers, prompt };
}

describe.each(backends('voice'))('"Call me instead", with the $name backend across two instances', (backend) => {
  afterAll(() => backend.close());

  it('offers a call at sign-in, which speaks a new code digit by digit in the request language, and the old code stops working', async () => {
    const { pair, providers, prompt } = await calling(await backend.open());
    const [gateway] = providers;
    expect(prompt).toMatchObject({ canCall: true, fields: expect.objectContaining({ call: 'call' }) });
    const texted = pair.outbox.codeIn(gateway.latest().body);
    pair.now += 31_000;
    expect((await pair.send(pair.b, 'post', '/login/sms', { call: '1' })).status).toBe(303);
    const call = gateway.latest();
    const code = (call.digits ?? '').replace(/ /g, '');
    expect(call).toMatchObject({ to: '+12015550123', channel: 'voice', locale: 'en', digits: [...code].join(' ') });
    expect(call.body).toBe(`Your code for Acme is ${call.digits}. Again, your code is ${call.digits}. Once more: ${call.digits}.`);
    expect(shownView(await pair.send(pair.a, 'get', '/login/sms')).notice).toBe('We are calling •••••••0123 with a new code. The previous code no longer works.');
    expect(pair.eventsOf('resent').map((event) => event.channel)).toEqual(['voice']);
    expect(pair.eventsOf('sent').map((event) => event.channel)).toEqual(['sms']);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: texted })).status).toBe(401);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code })).headers.location).toBe('/account');
  });

  it('calls in the language of the request', async () => {
    const { pair, providers } = await calling(await backend.open(), { locale: 'fr' });
    pair.now += 31_000;
    await pair.send(pair.a, 'post', '/login/sms', { call: '1' });
    const call = providers[0].latest();
    expect(call).toMatchObject({ channel: 'voice', locale: 'fr' });
    expect(call.body).toContain(call.digits);
    expect(call.body).not.toContain('Your code');
  });

  it('places one call for 10 parallel call posts within the cooldown, under the same limits as a text', async () => {
    const { pair, providers } = await calling(await backend.open(), { maxResends: 1 });
    const [gateway] = providers;
    pair.now += 31_000;
    const posts = await Promise.all(Array.from({ length: 10 }, (_, i) => pair.send(i % 2 ? pair.a : pair.b, 'post', '/login/sms', { call: '1' })));
    expect(posts.filter((post) => post.status === 303)).toHaveLength(1);
    expect(posts.filter((post) => post.status === 429)).toHaveLength(9);
    expect(gateway.taken.filter((message) => message.channel === 'voice')).toHaveLength(1);
    // The resend limit counts calls: no text and no call is left.
    pair.now += 31_000;
    expect((await pair.send(pair.a, 'post', '/login/sms', { call: '1' })).status).toBe(429);
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
    expect(gateway.taken).toHaveLength(2);
  });

  it('fails over from a voice provider that fails to the next one that calls, skipping those that cannot call', async () => {
    const failing = new ReceiptGateway({ name: 'first', receipts: false });
    const textOnly = new ReceiptGateway({ name: 'texts-only', receipts: false, voice: false });
    const second = new ReceiptGateway({ name: 'second', receipts: false });
    const { pair } = await calling(await backend.open(), {}, [failing, textOnly, second]);
    failing.failNext = 1;
    pair.now += 31_000;
    expect((await pair.send(pair.a, 'post', '/login/sms', { call: '1' })).status).toBe(303);
    expect(second.latest().channel).toBe('voice');
    expect(textOnly.taken.every((message) => message.channel === 'sms')).toBe(true);
    expect(pair.eventsOf('send_failed').map((event) => [event.provider, event.channel])).toEqual([['first', 'voice']]);
    expect(pair.eventsOf('resent').map((event) => [event.provider, event.channel])).toEqual([['second', 'voice']]);
  });

  it('never calls a number being enrolled, and refuses a call when voice is off', async () => {
    const gateway = new ReceiptGateway({ receipts: false });
    const enrolling = new TwoInstances(await backend.open(), { view: VIEW_JSON, voice: true, enrollment: { saveMobile: () => undefined }, phoneValidation: 'possible' }, { provider: gateway });
    await enrolling.passFirstFactor(bob);
    await enrolling.send(enrolling.a, 'post', '/login/sms', { mobile: '+1 201 555 0144' });
    expect(shownView(await enrolling.send(enrolling.a, 'get', '/login/sms')).canCall).toBe(false);
    enrolling.now += 31_000;
    expect((await enrolling.send(enrolling.a, 'post', '/login/sms', { call: '1' })).status).toBe(400);
    expect(gateway.taken.filter((message) => message.channel === 'voice')).toHaveLength(0);

    const { pair, prompt } = await calling(await backend.open(), { voice: false });
    expect(prompt.canCall).toBe(false);
    pair.now += 31_000;
    expect((await pair.send(pair.a, 'post', '/login/sms', { call: '1' })).status).toBe(400);
  });
});

describe('the voice option', () => {
  it('needs a provider that can call', () => {
    const build = () => new SmsOtpStrategy({ voice: true, provider: new ReceiptGateway({ receipts: false, voice: false }), secret: 'a-secret-of-enough-length', logger: false });
    expect(build).toThrow(InvalidOptionError);
    expect(build).toThrow('Option "voice" must be used with a provider that can call');
  });
});
