import request from 'supertest';
import type { Express } from 'express';
import { buildExampleApp, codeIn, csrfTokenIn, deviceCookieIn, passPassword, postPassword, signInAlice, signOut } from './support/exampleApp';
import { expectValidHtml } from './support/exampleHtml';

/**
 * A browser behind a TLS-terminating proxy: every request reaches the app over plain HTTP saying
 * `X-Forwarded-Proto: https`, and every cookie the app sets comes back, Secure or not (the browser
 * saw HTTPS). supertest's agent would keep Secure cookies to itself over HTTP.
 */
function browserBehindHttpsProxy(app: Express) {
  const jar = new Map<string, string>();
  return async (method: 'get' | 'post', path: string, form?: Record<string, string>): Promise<request.Response> => {
    const cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const pending = request(app)[method](path).set('X-Forwarded-Proto', 'https').set('Cookie', cookies);
    const response = await (form ? pending.type('form').send(form) : pending);
    for (const line of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) {
      const [pair] = line.split(';');
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  };
}

describe('the example app: "don\'t ask for a code on this device" over HTTP', () => {
  it('offers the checkbox inside the code form, on a valid page', async () => {
    const example = await buildExampleApp();
    const { agent } = await passPassword(example);
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('<input type="checkbox" id="sms-otp-remember" name="remember" value="1">');
    expect(prompt.text).toContain('<label for="sms-otp-remember">Don&#39;t ask for a code on this device for 30 days</label>');
    await expectValidHtml(prompt.text);
  });

  it('remembers the device in an HttpOnly, SameSite=Lax cookie for the whole site and 30 days, not Secure over plain HTTP', async () => {
    const example = await buildExampleApp();
    const { verified } = await signInAlice(example, { remember: true });
    const cookie = deviceCookieIn(verified) ?? '';
    expect(cookie).toMatch(/^sms_otp_device=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Max-Age=2592000');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('remembers nothing when the box is left unticked', async () => {
    const example = await buildExampleApp();
    const { verified } = await signInAlice(example);
    expect(deviceCookieIn(verified)).toBeUndefined();
  });

  it.each([
    { behaviour: 'marks the device cookie Secure behind an HTTPS proxy it trusts (TRUST_PROXY=1)', trustProxy: 1, secure: true },
    { behaviour: 'leaves out Secure when a proxy it does not trust says https', trustProxy: false, secure: false },
  ])('$behaviour', async ({ trustProxy, secure }) => {
    const example = await buildExampleApp({ trustProxy });
    const send = browserBehindHttpsProxy(example.app);
    const login = await send('get', '/login');
    await send('post', '/login', { _csrf: csrfTokenIn(login.text), username: 'alice', password: 'correct-horse' });
    const prompt = await send('get', '/login/sms');
    const code = codeIn(example.inbox?.messages[0]?.body ?? '');
    const verified = await send('post', '/login/sms', { _csrf: csrfTokenIn(prompt.text), code, remember: '1' });
    expect(verified.headers.location).toBe('/account');
    expect(deviceCookieIn(verified)?.includes('; Secure')).toBe(secure);
  });

  it('signs alice in on her remembered device with the password alone: straight to her account, no text', async () => {
    const example = await buildExampleApp();
    const { agent } = await signInAlice(example, { remember: true });
    await signOut(agent);
    expect((await postPassword(agent)).headers.location).toBe('/account');
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain('Welcome, Alice Example');
    expect(example.inbox?.messages).toHaveLength(1);
    expect(example.logs.text).toContain('sms-otp device_trusted');
  });

  it('forgets her devices only with the CSRF token, and without a recent code; her next sign-in asks for one again', async () => {
    const example = await buildExampleApp();
    const { agent } = await signInAlice(example, { remember: true });
    await signOut(agent);
    expect((await postPassword(agent)).headers.location).toBe('/account');

    await agent.post('/account/security/forget-devices').type('form').send({}).expect(403);
    const account = await agent.get('/account').expect(200);
    await agent.post('/account/security/forget-devices').type('form').send({ _csrf: csrfTokenIn(account.text) }).expect(303).expect('Location', '/account/security');
    await signOut(agent);

    expect((await postPassword(agent)).headers.location).toBe('/login/sms');
    await agent.get('/login/sms').expect(200);
    expect(example.inbox?.messages).toHaveLength(2);
  });
});
