import request from 'supertest';
import { InvalidOptionError, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import { backends } from './support/backends';
import { alice, bob, createTestApp, Outbox, passFirstFactor, sessionCookie, type TestAppOptions, type TestUser } from './support/testApp';

const DAY = 86_400_000;

/** The `sms_otp_device` cookie a response sets, with its attributes. */
function deviceCookie(response: request.Response): string | undefined {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('sms_otp_device='));
}

describe.each(backends('rememberDevice'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  async function scenario(strategy: SmsOtpOptions = {}, app: Omit<TestAppOptions, 'strategy'> = {}) {
    const users: TestUser[] = [{ ...alice }, { ...bob, mobile: '+1 201 555 0188' }];
    const state = await backend.open();
    const events: SmsOtpEvent[] = [];
    const clock = { now: Date.now() };
    const built = createTestApp({
      users,
      sessionStore: state.sessionStore,
      ...app,
      strategy: { store: state.otpStore, rememberDevice: {}, clock: () => clock.now, onEvent: (event) => void events.push(event), ...strategy },
    });
    return { ...built, users, events, clock };
  }

  /** Signs `user` in with the code, ticking "remember" (or not); returns the agent and the verify response. */
  async function signInWithCode(app: Parameters<typeof request.agent>[0], outbox: Outbox, user: TestUser, remember: boolean, agent = request.agent(app)) {
    expect((await passFirstFactor(agent, user)).status).toBe(200);
    const form: Record<string, string> = { code: outbox.latestCode() };
    if (remember) form.remember = '1';
    const verified = await agent.post('/login/sms').type('form').send(form).expect(302).expect('Location', '/account');
    return { agent, verified };
  }

  it('offers the checkbox, and with it sets an HttpOnly, SameSite=Lax cookie for 30 days (not Secure over HTTP)', async () => {
    const { app, outbox, events } = await scenario();
    const agent = request.agent(app);
    const prompt = await passFirstFactor(agent, alice);
    expect(prompt.text).toContain('name="remember"');
    expect(prompt.text).toContain('Don&#39;t ask for a code on this device for 30 days');
    const { verified } = await signInWithCode(app, outbox, alice, true);
    const cookie = deviceCookie(verified);
    expect(cookie).toMatch(/^sms_otp_device=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(events.filter((event) => event.type === 'device_remembered')).toHaveLength(1);
  });

  it('sets no cookie when the box is not ticked, and shows no box without the option', async () => {
    const { app, outbox } = await scenario();
    const { verified } = await signInWithCode(app, outbox, alice, false);
    expect(deviceCookie(verified)).toBeUndefined();
    const off = await scenario({ rememberDevice: undefined });
    expect((await passFirstFactor(request.agent(off.app), alice)).text).not.toContain('name="remember"');
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const { app, outbox } = await scenario({}, { trustProxy: true });
    const agent = request.agent(app);
    await agent.post('/login').set('X-Forwarded-Proto', 'https').type('form').send({ username: 'alice', password: alice.password }).expect(303);
    await agent.get('/login/sms').set('X-Forwarded-Proto', 'https').expect(200);
    const verified = await agent.post('/login/sms').set('X-Forwarded-Proto', 'https').type('form').send({ code: outbox.latestCode(), remember: '1' });
    expect(deviceCookie(verified)).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('lets the password alone sign the same user in again on that device: no SMS, a new session id', async () => {
    const { app, outbox, events } = await scenario();
    const { agent } = await signInWithCode(app, outbox, alice, true);
    await agent.post('/logout').expect(303);
    const texts = outbox.messages.length;
    const again = await agent.post('/login').type('form').send({ username: 'alice', password: alice.password });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/account');
    expect(sessionCookie(again)).toBeDefined();
    expect(outbox.messages).toHaveLength(texts);
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
    expect(events.filter((event) => event.type === 'device_trusted')).toMatchObject([{ purpose: 'sign_in', userKey: 'u1', mobile: '•••••••0123' }]);
  });

  it('skips nothing for another user on a shared browser, and leaves their cookie in place', async () => {
    const { app, outbox } = await scenario();
    const { agent } = await signInWithCode(app, outbox, alice, true);
    await agent.post('/logout').expect(303);
    const other = await agent.post('/login').type('form').send({ username: 'bob', password: bob.password });
    expect(other.headers.location).toBe('/login/sms');
    expect(deviceCookie(other)).toBeUndefined();
    await agent.get('/login/sms').expect(200);
    expect(outbox.messages.at(-1)?.to).toBe('+12015550188');
  });

  it('skips nothing and clears the cookie once the number changed outside the package, the device expired, or devices were forgotten', async () => {
    const { app, outbox, users, clock } = await scenario();
    const passAgain = async (agent: ReturnType<typeof request.agent>) => {
      await agent.post('/logout').expect(303);
      return agent.post('/login').type('form').send({ username: 'alice', password: alice.password });
    };

    const changed = await signInWithCode(app, outbox, alice, true);
    users[0].mobile = '+1 201 555 0199';
    const afterChange = await passAgain(changed.agent);
    expect(afterChange.headers.location).toBe('/login/sms');
    expect(deviceCookie(afterChange)).toMatch(/^sms_otp_device=; Max-Age=0;/);
    users[0].mobile = alice.mobile;

    const expiring = await signInWithCode(app, outbox, alice, true);
    clock.now += 30 * DAY;
    const afterExpiry = await passAgain(expiring.agent);
    expect(afterExpiry.headers.location).toBe('/login/sms');
    expect(deviceCookie(afterExpiry)).toMatch(/Max-Age=0/);

    const forgotten = await signInWithCode(app, outbox, alice, true);
    await forgotten.agent.post('/forget-devices').expect(204);
    const afterForget = await passAgain(forgotten.agent);
    expect(afterForget.headers.location).toBe('/login/sms');
    expect(deviceCookie(afterForget)).toMatch(/Max-Age=0/);
  });

  it('is forgotten when the number changes through the package', async () => {
    const saveMobile = (user: unknown, mobile: string) => void ((user as TestUser).mobile = mobile);
    const { app, outbox } = await scenario({ enrollment: { saveMobile } });
    const { agent } = await signInWithCode(app, outbox, alice, true);
    await agent.post('/account/mobile').type('form').send({ mobile: '+1 201 555 0177' }).expect(303);
    await agent.post('/account/mobile').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account');
    await agent.post('/logout').expect(303);
    const again = await agent.post('/login').type('form').send({ username: 'alice', password: alice.password });
    expect(again.headers.location).toBe('/login/sms');
  });

  it('does not count a remembered-device sign-in as a recent verification for step-up', async () => {
    const { app, outbox } = await scenario();
    const { agent } = await signInWithCode(app, outbox, alice, true);
    await agent.get('/security').expect(200);
    await agent.post('/logout').expect(303);
    await agent.post('/login').type('form').send({ username: 'alice', password: alice.password }).expect(303).expect('Location', '/account');
    await agent.get('/security').expect(303).expect('Location', '/login/sms');
  });

  it('follows the days option', async () => {
    const { app, outbox } = await scenario({ rememberDevice: { days: 7, cookieName: 'trusted' } });
    const { verified } = await signInWithCode(app, outbox, alice, true);
    expect(([] as string[]).concat(verified.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('trusted='))).toContain('Max-Age=604800');
  });
});

describe('rememberDevice options', () => {
  const base = { secret: 'a-secret-of-sixteen+', provider: new Outbox().provider() };

  it('are checked at construction', () => {
    expect(() => new SmsOtpStrategy({ ...base, rememberDevice: { days: 0 } })).toThrow('rememberDevice.days');
    expect(() => new SmsOtpStrategy({ ...base, rememberDevice: { days: 366 } })).toThrow(InvalidOptionError);
    expect(() => new SmsOtpStrategy({ ...base, rememberDevice: { cookieName: 'a b' } })).toThrow('rememberDevice.cookieName');
  });

  it('make afterFirstFactor() require successRedirect', () => {
    const strategy = new SmsOtpStrategy({ ...base, rememberDevice: {} });
    expect(() => strategy.afterFirstFactor({ redirectTo: '/login/sms' })).toThrow(InvalidOptionError);
    expect(() => strategy.afterFirstFactor({ redirectTo: '/login/sms', successRedirect: '/account' })).not.toThrow();
    expect(() => new SmsOtpStrategy(base).afterFirstFactor({ redirectTo: '/login/sms' })).not.toThrow();
  });
});
