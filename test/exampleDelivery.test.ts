import { Passport } from 'passport';
import pino from 'pino';
import request from 'supertest';
import { InvalidOptionError, type SmsMessage } from '../lib';
import { DevInbox } from '../example-app/devInbox';
import { createSmsOtpStrategy } from '../example-app/smsOtp';
import { UserDirectory } from '../example-app/users';
import { buildExampleApp, createRecoveryCodes, csrfTokenIn, passPassword, signInAlice } from './support/exampleApp';
import { expectValidHtml } from './support/exampleHtml';
import { codeSpokenIn, markInInbox, newestMessage } from './support/exampleInbox';

const UNDELIVERED = 'We could not deliver the text to •••••••0100.';
const NO_TEXTS = 'The number •••••••0100 cannot receive text messages.';
const RESEND_BUTTON = /<button[^>]*name="resend"[^>]*>Send a new code<\/button>/;
const CALL_BUTTON = /<button[^>]*name="call"[^>]*>Call me instead<\/button>/;

describe('the example app: delivery receipts from the development inbox, and a call instead', () => {
  it('says a text marked undelivered did not arrive, offers a new one at once and a call, and signs alice in with the code the call spoke', async () => {
    const example = await buildExampleApp();
    const { agent, code: textedCode } = await passPassword(example);
    const text = newestMessage(example);
    expect(text).toMatchObject({ channel: 'sms', delivery: 'accepted' });

    const inbox = await markInInbox(agent, text, 'undelivered');
    expect(inbox.text).toContain('<p class="sms-delivery sms-delivery-failed">Not delivered</p>');
    expect(newestMessage(example)).toMatchObject({ id: text.id, delivery: 'failed', refusedWith: undefined });
    await expectValidHtml(inbox.text);

    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain(`<p class="alert alert-warning" role="status">${UNDELIVERED}</p>`);
    expect(prompt.text).toContain('>Not delivered</p>');
    // The cooldown is waived: no wait on the page, and both buttons there.
    expect(prompt.text).not.toContain('data-resend-wait');
    expect(prompt.text).toMatch(RESEND_BUTTON);
    expect(prompt.text).toMatch(CALL_BUTTON);
    await expectValidHtml(prompt.text);

    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), call: '1' }).expect(303).expect('Location', '/login/sms');
    const call = newestMessage(example);
    expect(call).toMatchObject({ channel: 'voice', to: '+15555550100' });
    const inboxAfterCall = await agent.get('/dev/sms').expect(200);
    expect(inboxAfterCall.text).toMatch(/<p class="sms-body">Voice call: \d \d \d \d \d \d<\/p>/);
    const spokenCode = codeSpokenIn(inboxAfterCall.text);
    expect(call.digits).toBe(spokenCode.split('').join(' '));
    // A call is not a text: the inbox offers no receipt for it.
    expect(inboxAfterCall.text).not.toContain(`name="id" value="${call.id}"`);

    const calling = await agent.get('/login/sms').expect(200);
    expect(calling.text).toContain('We are calling •••••••0100 with a new code. The previous code no longer works.');
    const token = csrfTokenIn(calling.text);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code: textedCode }).expect(302).expect('Location', '/login/sms');
    await agent.post('/login/sms').type('form').send({ _csrf: token, code: spokenCode }).expect(302).expect('Location', '/account');
    await agent.get('/account').expect(200);
  });

  it('offers only the call when the text could not be received at all', async () => {
    const example = await buildExampleApp();
    const { agent } = await passPassword(example);
    const inbox = await markInInbox(agent, newestMessage(example), 'cannot-receive-texts');
    expect(inbox.text).toContain('Not delivered: the number cannot receive texts');

    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain(NO_TEXTS);
    expect(prompt.text).toMatch(CALL_BUTTON);
    expect(prompt.text).not.toMatch(RESEND_BUTTON);
    expect(prompt.text).not.toContain('data-resend-wait');
    // alice has no recovery codes: the page says where to get help instead.
    expect(prompt.text).toContain('<p class="hint">You have no recovery codes. Please contact support to get back into your account.</p>');
    // Nor does the server take a new text.
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), resend: '1' });
    expect(example.inbox?.messages).toHaveLength(1);
    await expectValidHtml(prompt.text);
  });

  it('shows a delivered text as such, live to a script and on a reload, and keeps the cooldown', async () => {
    const example = await buildExampleApp();
    const { agent } = await passPassword(example);
    const waiting = await agent.get('/login/sms').expect(200);
    expect(waiting.text).toContain('<script src="/static/delivery-status.js" defer></script>');
    expect(waiting.text).toMatch(/<p class="delivery delivery-accepted" id="sms-otp-delivery" role="status" aria-live="polite" data-poll="\/login\/sms" data-delivered="Delivered"><\/p>/);
    await agent.get('/login/sms').set('Accept', 'application/json').expect(200, { delivery: 'accepted', canCall: true });

    await markInInbox(agent, newestMessage(example), 'delivered');
    await agent.get('/login/sms').set('Accept', 'application/json').expect(200, { delivery: 'delivered', canCall: true });
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('>Delivered</p>');
    expect(prompt.text).not.toContain('delivery-status.js');
    expect(prompt.text).not.toContain('alert-warning');
    expect(prompt.text).toMatch(/data-resend-wait="(30|29)"/);
    expect(prompt.text).toMatch(CALL_BUTTON);
    await expectValidHtml(prompt.text);
    // "Call me instead" waits as a new text does: within the cooldown, no call.
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), call: '1' });
    expect((await agent.get('/login/sms').expect(200)).text).toMatch(/Please wait \d+ seconds before asking for another code/);
    expect(example.inbox?.messages).toHaveLength(1);
  });

  it('serves the script that follows the delivery from its own files, under the CSP', async () => {
    const { app } = await buildExampleApp();
    const script = await request(app).get('/static/delivery-status.js').expect(200).expect('Content-Type', /javascript/);
    expect(script.text).toContain("headers: { Accept: 'application/json' }");
    const csp = (await request(app).get('/login').expect(200)).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
  });

  it('answers 404 to a receipt for a text the app does not track, such as a notice without a code', async () => {
    const example = await buildExampleApp();
    const { agent } = await signInAlice(example);
    await createRecoveryCodes(agent);
    const notice = newestMessage(example);
    expect(notice.body).toContain('New recovery codes were created');
    const inbox = await markInInbox(agent, notice, 'undelivered');
    expect(newestMessage(example)).toMatchObject({ delivery: 'accepted', refusedWith: 404 });
    expect(inbox.text).toContain('The app answered 404 to the last receipt: it tracks no message with this id');
  });

  it('takes receipts at /sms-otp/status/console from this machine, as JSON or form fields, never through a proxy', async () => {
    const example = await buildExampleApp();
    const { agent } = await passPassword(example);
    const { id } = newestMessage(example);
    // Through a proxy the route is not there: the request goes on, as any POST to an unknown URL, to the CSRF check.
    await request(example.app).post('/sms-otp/status/console').set('X-Forwarded-For', '203.0.113.9').send({ messageId: id, state: 'failed' }).expect(403);
    await request(example.app).post('/sms-otp/status/console').send({ messageId: 'no-such-message', state: 'failed' }).expect(404);
    await agent.get('/login/sms').set('Accept', 'application/json').expect(200, { delivery: 'accepted', canCall: true });
    await request(example.app).post('/sms-otp/status/console').type('form').send({ messageId: id, state: 'failed', code: '30003' }).expect(204);
    await agent.get('/login/sms').set('Accept', 'application/json').expect(200, { delivery: 'failed', canCall: true });
  });

  it('marks nothing for a message it does not keep, or with a mark it does not know', async () => {
    const example = await buildExampleApp();
    const { agent } = await passPassword(example);
    const inbox = await agent.get('/dev/sms').expect(200);
    const _csrf = csrfTokenIn(inbox.text);
    await agent.post('/dev/sms/mark').type('form').send({ _csrf, id: 'no-such-message', mark: 'undelivered' }).expect(400);
    await agent.post('/dev/sms/mark').type('form').send({ _csrf, id: newestMessage(example).id, mark: 'lost' }).expect(400);
    await agent.post('/dev/sms/mark').type('form').send({ id: newestMessage(example).id, mark: 'undelivered' }).expect(403);
    expect(newestMessage(example).delivery).toBe('accepted');
    await agent.get('/login/sms').set('Accept', 'application/json').expect(200, { delivery: 'accepted', canCall: true });
  });
});

describe('the example app in production: no development receipts', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('mounts neither the receipts route nor the inbox', async () => {
    process.env.NODE_ENV = 'production';
    const provider = { name: 'recorder', send: async (message: SmsMessage) => message.to };
    const example = await buildExampleApp({ production: true, trustProxy: 1, smsOtp: { provider } });
    await request(example.app).get('/dev/sms').expect(404);
    // Behind its HTTPS proxy, with the session and its CSRF token, which no POST gets past without: the 404 page.
    const login = await request(example.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    const session = { Cookie: ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]).join('; '), 'X-Forwarded-Proto': 'https' };
    const _csrf = csrfTokenIn(login.text);
    const receipt = await request(example.app).post('/sms-otp/status/console').set(session).set('X-CSRF-Token', _csrf).send({ messageId: 'any', state: 'failed' }).expect(404);
    expect(receipt.text).toContain('Page not found');
    await request(example.app).post('/dev/sms/mark').set(session).type('form').send({ _csrf, id: 'any', mark: 'undelivered' }).expect(404);
  });

  it('refuses to make the inbox, and the strategy refuses its receipts route', async () => {
    const inbox = new DevInbox({ write: () => undefined });
    process.env.NODE_ENV = 'production';
    expect(() => new DevInbox({ write: () => undefined })).toThrow(InvalidOptionError);
    expect(() => new DevInbox({ write: () => undefined })).toThrow(/when NODE_ENV=production/);
    // An inbox made before NODE_ENV changed: the strategy takes it, but not its receipts' route.
    const strategy = createSmsOtpStrategy({
      secret: 'a-production-secret-of-32-chars!',
      provider: inbox,
      store: undefined,
      passport: new Passport(),
      users: await UserDirectory.demo(),
      logger: pino({ enabled: false }),
      acceptFictionalNumbers: false,
    });
    expect(() => strategy.deliveryReceipts('console')).toThrow(/console's receipts are for development/);
  });
});
