import request from 'supertest';
import { InvalidOptionError, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import { safePath } from '../lib/http/safePath';
import { backends } from './support/backends';
import { alice, createTestApp, Outbox, passFirstFactor, sessionCookie, type TestAppOptions } from './support/testApp';
import { wrongCode } from './support/twoInstances';

describe.each(backends('stepUp'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  async function signedIn(strategy: SmsOtpOptions = {}, app: Omit<TestAppOptions, 'strategy'> = {}) {
    const state = await backend.open();
    const events: SmsOtpEvent[] = [];
    const clock = { now: Date.now() };
    const built = createTestApp({
      sessionStore: state.sessionStore,
      ...app,
      strategy: { store: state.otpStore, clock: () => clock.now, onEvent: (event) => void events.push(event), ...strategy },
    });
    const agent = request.agent(built.app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ code: built.outbox.latestCode() }).expect(302).expect('Location', '/account');
    return { ...built, agent, events, clock };
  }

  it('sends visitors who are not signed in to loginUrl', async () => {
    const { app } = createTestApp();
    await request(app).get('/security').expect(303).expect('Location', '/login');
  });

  it('lets a request through while the last code is younger than maxAgeSeconds', async () => {
    const { agent, clock } = await signedIn();
    await agent.get('/security').expect(200, 'security settings');
    clock.now += 299_000;
    await agent.get('/security').expect(200);
  });

  it('asks for a fresh code once the last one is too old, keeping the user signed in, then returns to the page with a new session id', async () => {
    const { agent, clock, outbox, events } = await signedIn();
    clock.now += 300_000;
    await agent.get('/security?tab=devices').expect(303).expect('Location', '/login/sms');
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
    await agent.get('/account').expect(200);

    const texts = outbox.messages.length;
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('•••••••0123');
    expect(prompt.text).not.toContain('Sign in again');
    expect(outbox.messages).toHaveLength(texts + 1);
    expect(outbox.messages.at(-1)?.to).toBe('+12015550123');

    const verified = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    expect(verified.status).toBe(303);
    expect(verified.headers.location).toBe('/security?tab=devices');
    expect(sessionCookie(verified)).toBeDefined();
    await agent.get('/security').expect(200);
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
    expect(events.filter((event) => event.purpose === 'step_up').map((event) => event.type)).toEqual(['sent', 'verified']);
  });

  it('returns to returnTo after a form post, which cannot be replayed', async () => {
    const { agent, clock, outbox } = await signedIn({}, { stepUp: { returnTo: '/account' } });
    clock.now += 300_000;
    await agent.post('/payout').type('form').send({ amount: '10' }).expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account');
    await agent.post('/payout').type('form').send({ amount: '10' }).expect(200, 'paid');
  });

  it('keeps the limits of a sign-in: a wrong code changes nothing, attempts run out, and the user stays signed in', async () => {
    const { agent, clock, outbox, events } = await signedIn({ maxAttempts: 2 });
    clock.now += 300_000;
    await agent.get('/security').expect(303);
    await agent.get('/login/sms').expect(200);
    const code = outbox.latestCode();
    await agent.post('/login/sms').type('form').send({ code: wrongCode(code) }).expect(302).expect('Location', '/login/sms');
    await agent.get('/security').expect(303);
    await agent.get('/login/sms').expect(200);
    const next = outbox.latestCode();
    await agent.post('/login/sms').type('form').send({ code: wrongCode(next) }).expect(302);
    await agent.post('/login/sms').type('form').send({ code: wrongCode(next) }).expect(302);
    await agent.post('/login/sms').type('form').send({ code: next }).expect(302).expect('Location', '/login/sms');
    expect(events.filter((event) => event.purpose === 'step_up' && event.type === 'locked')).toMatchObject([{ reason: 'max_attempts' }]);
    expect((await agent.get('/whoami')).body.authenticated).toBe(true);
    await agent.get('/security').expect(303);
  });

  it('protects the change of number when put in front of it', async () => {
    const saveMobile = () => undefined;
    const { agent, clock, outbox } = await signedIn({ enrollment: { saveMobile } }, { stepUpMobileChange: true });
    await agent.get('/account/mobile').expect(200);
    clock.now += 300_000;
    await agent.get('/account/mobile').expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account/mobile');
    expect((await agent.get('/account/mobile')).text).toContain('Change your mobile number');
  });
});

describe.each(backends('stepUpChange'))('a change of number behind a step-up, with the $name backend', (backend) => {
  afterAll(() => backend.close());

  it('kept in front of changeMobile, asks for a code once the last is too old, and the change starts over', async () => {
    const state = await backend.open();
    const clock = { now: Date.now() };
    const saved: string[] = [];
    const saveMobile = (_user: unknown, mobile: string) => void saved.push(mobile);
    const { app, outbox } = createTestApp({
      sessionStore: state.sessionStore,
      stepUpMobileChange: true,
      strategy: { store: state.otpStore, clock: () => clock.now, enrollment: { saveMobile } },
    });
    const agent = request.agent(app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    clock.now += 240_000;
    await agent.post('/account/mobile').type('form').send({ mobile: '+1 201 555 0177' }).expect(303).expect('Location', '/account/mobile');
    const changeCode = outbox.latestCode();
    clock.now += 70_000;
    await agent.post('/account/mobile').type('form').send({ code: changeCode }).expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    expect(outbox.messages.at(-1)?.to).toBe('+12015550123');
    // A form post cannot be replayed: the step-up returns to requireRecent's returnTo.
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/');
    // The step-up replaced the pending change: its code no longer changes anything.
    expect((await agent.get('/account/mobile')).text).toContain('Change your mobile number');
    await agent.post('/account/mobile').type('form').send({ code: changeCode }).expect(400);
    expect(saved).toEqual([]);
  });
});

describe('requireRecent', () => {
  const strategy = new SmsOtpStrategy({ secret: 'a-secret-of-sixteen+', provider: new Outbox().provider() });

  it('checks its options', () => {
    expect(() => strategy.requireRecent({ maxAgeSeconds: 29 })).toThrow(InvalidOptionError);
    expect(() => strategy.requireRecent({ maxAgeSeconds: 86_401 })).toThrow('requireRecent.maxAgeSeconds');
    expect(() => strategy.requireRecent({ returnTo: '//evil.example' })).toThrow('requireRecent.returnTo');
    expect(() => strategy.requireRecent()).not.toThrow();
  });

  it('returns only to paths of this site', () => {
    expect(safePath('/account?tab=1', '/')).toBe('/account?tab=1');
    for (const unsafe of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', '/a\r\nLocation: x']) {
      expect(safePath(unsafe, '/')).toBe('/');
    }
  });
});
