import request from 'supertest';
import { MemoryOtpStore, SmsSendError, type SmsMessage } from '../lib';
import { buildExampleApp, csrfTokenIn, passPassword, postPassword, wrongCodeFor } from './support/exampleApp';

describe('the example app over HTTP', () => {
  it('refuses a form without its CSRF token with 403', async () => {
    const { app } = await buildExampleApp();
    const response = await request(app).post('/login').type('form').send({ username: 'alice', password: 'correct-horse' }).expect(403);
    expect(response.text).toContain('This form has expired');
  });

  it('refuses a code posted without the CSRF token, and accepts it with the token', async () => {
    const example = await buildExampleApp();
    const { agent, token, code } = await passPassword(example);
    await agent.post('/login/sms').type('form').send({ code }).expect(403);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');
    const account = await agent.get('/account').expect(200);
    await agent.post('/logout').type('form').send({}).expect(403);
    await agent.get('/account').expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrfTokenIn(account.text) }).expect(303).expect('Location', '/login');
    await agent.get('/account').expect(302).expect('Location', '/login');
  });

  it('serves a 404 page', async () => {
    const { app } = await buildExampleApp();
    const response = await request(app).get('/no-such-page').expect(404).expect('Content-Type', /html/);
    expect(response.text).toContain('<title>Page not found · Example App</title>');
  });

  it('answers a form too large with a 413 page', async () => {
    const { app } = await buildExampleApp();
    const response = await request(app).post('/login').type('form').send({ username: 'x'.repeat(20_000) }).expect(413);
    expect(response.text).toContain('That request could not be read');
  });

  it('shows a 500 page without details, and logs the error', async () => {
    const brokenStore = new (class extends MemoryOtpStore {
      override async reserveSend(): Promise<never> {
        throw new Error('the code store broke');
      }
    })();
    const example = await buildExampleApp({ smsOtp: { store: brokenStore } });
    const agent = request.agent(example.app);
    const login = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfTokenIn(login.text), username: 'alice', password: 'correct-horse' }).expect(303);
    const response = await agent.get('/login/sms').expect(500);
    expect(response.text).toContain('Something went wrong');
    expect(response.text).not.toContain('the code store broke');
    expect(example.logs.text).toContain('the code store broke');
  });

  it('sends security headers and a CSP that allows only its own files', async () => {
    const { app } = await buildExampleApp();
    const response = await request(app).get('/login').expect(200);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).join(';');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the session cookie Secure behind an HTTPS proxy it trusts', async () => {
    const { app } = await buildExampleApp({ trustProxy: 1 });
    const response = await request(app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(([] as string[]).concat(response.headers['set-cookie'] ?? []).join(';')).toMatch(/; Secure/);
  });

  it('keeps codes and passwords out of the logs while logging requests and audit events', async () => {
    const example = await buildExampleApp();
    const { agent, token, code } = await passPassword(example);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code: wrongCodeFor(code) }).expect(302);
    await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');

    const logs = example.logs.text;
    expect(logs).toContain('"url":"/login/sms"');
    expect(logs).toContain('sms-otp verified');
    expect(logs).not.toContain('correct-horse');
    for (const secret of [code, wrongCodeFor(code)]) expect(logs).not.toMatch(new RegExp(`(?<!\\d)${secret}(?!\\d)`));
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('example.sid=');
  });

  it('shows the wait for a new code on the page and refuses an early resend without JavaScript', async () => {
    const example = await buildExampleApp();
    const { agent, token } = await passPassword(example);
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toMatch(/data-resend-wait="(30|29)"/);
    await agent.post('/login/sms').type('form').send({ _csrf: token, resend: '1' }).expect(302).expect('Location', '/login/sms');
    const refused = await agent.get('/login/sms').expect(200);
    expect(refused.text).toMatch(/Please wait \d+ seconds before asking for another code/);
    expect(example.inbox?.messages).toHaveLength(1);
  });

  it('logs a failed send with the provider and its reason, never the number or the text', async () => {
    const provider = {
      name: 'twilio',
      send: async (message: SmsMessage) => {
        throw new SmsSendError(`Twilio could not be reached (ENOTFOUND): ${message.to}`, { provider: 'twilio', retryable: true, code: 'ENOTFOUND', detail: message.to });
      },
    };
    // A real provider turns the fictional-number allowance off: the demo number needs it back.
    const example = await buildExampleApp({ smsOtp: { provider, phoneValidation: 'possible' } });
    const agent = request.agent(example.app);
    expect((await postPassword(agent, 'alice')).headers.location).toBe('/login/sms');
    await agent.get('/login/sms').expect(503);
    const logs = example.logs.text;
    expect(logs).toContain('sms-otp send_failed: Twilio could not be reached (ENOTFOUND)');
    expect(logs).toContain('"code":"ENOTFOUND"');
    expect(logs).not.toContain('5555550100');
  });

  it('has no SMS inbox and no demo credentials in production', async () => {
    const sent: SmsMessage[] = [];
    const provider = { name: 'recorder', send: async (message: SmsMessage) => sent.push(message) };
    const example = await buildExampleApp({ production: true, smsOtp: { provider } });
    expect(example.inbox).toBeUndefined();
    await request(example.app).get('/dev/sms').expect(404);
    const login = await request(example.app).get('/login').expect(200);
    expect(login.text).not.toContain('correct-horse');
  });
});
