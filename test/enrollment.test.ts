import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import { InvalidOptionError, SmsOtpStrategy, type SmsOtpEvent, type SmsOtpOptions } from '../lib';
import { backends, type SharedState } from './support/backends';
import { alice, bob, createTestApp, Outbox, passFirstFactor, sessionCookie, type TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';

afterAll(() => closeAllInstances());

/** Users of one scenario, whose numbers `saveMobile` changes, and every call it got. */
function enrollmentOf(users: TestUser[]) {
  const saved: { userId: string; mobile: string }[] = [];
  const enrollment: NonNullable<SmsOtpOptions['enrollment']> = {
    saveMobile: async (user, mobile) => {
      saved.push({ userId: (user as TestUser).id, mobile });
      (user as TestUser).mobile = mobile;
    },
    isAllowed: (mobile) => !users.some((user) => user.mobile !== undefined && user.mobile.replace(/\s/g, '') === mobile) && mobile !== '+12015550111',
  };
  return { saved, enrollment };
}

describe.each(backends('enrollment'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  async function scenario(strategy: SmsOtpOptions = {}) {
    const users = [{ ...alice }, { ...bob }, { id: 'u3', username: 'carol', password: 'correct-horse' }];
    const { saved, enrollment } = enrollmentOf(users);
    const state: SharedState = await backend.open();
    const events: SmsOtpEvent[] = [];
    const outbox = new Outbox();
    const { app } = createTestApp({
      users,
      outbox,
      sessionStore: state.sessionStore,
      strategy: { store: state.otpStore, enrollment, onEvent: (event) => void events.push(event), ...strategy },
    });
    return { app, users, saved, outbox, events, state };
  }

  describe('at sign-in, for a user without a number', () => {
    it('asks for a number on a valid page, sending nothing', async () => {
      const { app, outbox } = await scenario();
      const agent = request.agent(app);
      const page = await passFirstFactor(agent, bob);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Add your mobile number');
      expect(page.text).toMatch(/<label for="sms-otp-mobile">Mobile number<\/label>/);
      expect(page.text).toMatch(/<input type="tel" id="sms-otp-mobile" name="mobile" value="" autocomplete="tel" required/);
      expect(outbox.messages).toHaveLength(0);
      const report = await new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } }).validateString(page.text);
      expect(report.results.flatMap((result) => result.messages.map((message) => message.message))).toEqual([]);
    });

    it('refuses a number that fails the rules or isAllowed, sending nothing, then enrolls a valid one once its code comes back', async () => {
      const { app, outbox, saved, events, users } = await scenario();
      const agent = request.agent(app);
      await passFirstFactor(agent, bob);
      const invalid = await agent.post('/login/sms').type('form').send({ mobile: '+1 555 12' });
      expect(invalid.status).toBe(422);
      expect(invalid.text).toContain('That is not a valid mobile number.');
      expect(invalid.text).toContain('value="+1 555 12"');
      const taken = await agent.post('/login/sms').type('form').send({ mobile: alice.mobile });
      expect(taken.status).toBe(422);
      expect(taken.text).toContain('That number cannot be used for this account.');
      expect(outbox.messages).toHaveLength(0);
      expect(events.filter((event) => event.type === 'send_refused').map((event) => event.reason)).toEqual(['invalid_number', 'not_allowed']);

      const accepted = await agent.post('/login/sms').type('form').send({ mobile: '(201) 555-0144', ignored: 'x' }).expect(422);
      expect(accepted.text).toContain('That is not a valid mobile number.');
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303).expect('Location', '/login/sms');
      expect(outbox.messages).toHaveLength(1);
      expect(outbox.messages[0].to).toBe('+12015550144');
      const prompt = await agent.get('/login/sms').expect(200);
      expect(prompt.text).toContain('•••••••0144');
      expect(prompt.text).toContain('name="changeMobile"');
      expect(saved).toEqual([]);

      await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
      expect(saved).toEqual([{ userId: 'u2', mobile: '+12015550144' }]);
      expect(users[1].mobile).toBe('+12015550144');
      const enrolled = events.find((event) => event.type === 'enrolled');
      expect(enrolled).toMatchObject({ purpose: 'enroll', mobile: '•••••••0144', userKey: 'u2' });
      expect(JSON.stringify(events)).not.toContain('2015550144');
      expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'bob' });
    });

    it('saves nothing for a wrong or expired code', async () => {
      let now = Date.now();
      const { app, outbox, saved } = await scenario({ clock: () => now, maxAttempts: 2 });
      const agent = request.agent(app);
      await passFirstFactor(agent, bob);
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303);
      const code = outbox.latestCode();
      await agent.post('/login/sms').type('form').send({ code: wrongCode(code) }).expect(302).expect('Location', '/login/sms');
      now += 301_000;
      await agent.post('/login/sms').type('form').send({ code }).expect(302).expect('Location', '/login/sms');
      expect(saved).toEqual([]);
      expect((await agent.get('/whoami')).body.authenticated).toBe(false);
    });

    it('goes back to the number form on "use a different number", within the cooldown of the sign-in', async () => {
      let now = Date.now();
      const { app, outbox, saved } = await scenario({ clock: () => now });
      const agent = request.agent(app);
      await passFirstFactor(agent, bob);
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303);
      const first = outbox.latestCode();
      await agent.post('/login/sms').type('form').send({ changeMobile: '1' }).expect(303).expect('Location', '/login/sms');
      expect((await agent.get('/login/sms')).text).toContain('Add your mobile number');
      const tooSoon = await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0155' });
      expect(tooSoon.status).toBe(429);
      expect(outbox.messages).toHaveLength(1);
      now += 30_000;
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0155' }).expect(303);
      expect(outbox.messages.at(-1)?.to).toBe('+12015550155');
      // The first code was sent to another number: it cannot confirm this one.
      await agent.post('/login/sms').type('form').send({ code: first }).expect(302).expect('Location', '/login/sms');
      await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
      expect(saved).toEqual([{ userId: 'u2', mobile: '+12015550155' }]);
    });

    it('never takes a number from a user who has one on file', async () => {
      const { app, outbox } = await scenario();
      const agent = request.agent(app);
      await passFirstFactor(agent, alice);
      const response = await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' });
      expect(response.status).toBe(302);
      expect(outbox.messages.map((message) => message.to)).toEqual(['+12015550123']);
      expect((await agent.get('/session-messages')).body).toEqual(['This page cannot do that. Please use the form on the page.']);
    });

    it('asks isAllowed again before saving: of two accounts enrolling one number, only the first to confirm gets it', async () => {
      const { app, outbox, saved } = await scenario();
      const bobAgent = request.agent(app);
      const carolAgent = request.agent(app);
      await passFirstFactor(bobAgent, bob);
      await bobAgent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303);
      const bobCode = outbox.latestCode();
      await carolAgent.post('/login').type('form').send({ username: 'carol', password: 'correct-horse' }).expect(303);
      await carolAgent.get('/login/sms').expect(200);
      await carolAgent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303);
      const carolCode = outbox.latestCode();
      await bobAgent.post('/login/sms').type('form').send({ code: bobCode }).expect(302).expect('Location', '/account');
      const refused = await carolAgent.post('/login/sms').type('form').send({ code: carolCode });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('That number cannot be used for this account.');
      expect(saved).toEqual([{ userId: 'u2', mobile: '+12015550144' }]);
      expect((await carolAgent.get('/whoami')).body.authenticated).toBe(false);
    });

    it('sends the error of a throwing saveMobile to Express, and signs nobody in', async () => {
      const { app, outbox } = await scenario({ enrollment: { saveMobile: () => Promise.reject(new Error('database down')) } });
      const agent = request.agent(app);
      await passFirstFactor(agent, bob);
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' }).expect(303);
      const response = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
      expect(response.status).toBe(500);
      expect((await agent.get('/whoami')).body.authenticated).toBe(false);
    });

    it('keeps enrolling someone else\'s number from using up its owner\'s sign-in texts', async () => {
      const { app, outbox } = await scenario({ enrollment: { saveMobile: () => undefined } });
      for (let i = 0; i < 5; i += 1) {
        const agent = request.agent(app);
        await passFirstFactor(agent, bob);
        await agent.post('/login/sms').type('form').send({ mobile: alice.mobile });
      }
      const toAlice = outbox.messages.filter((message) => message.to === '+12015550123');
      expect(toAlice).toHaveLength(3);
      const owner = request.agent(app);
      expect((await passFirstFactor(owner, alice)).status).toBe(200);
      expect(outbox.messages.filter((message) => message.to === '+12015550123')).toHaveLength(4);
      await owner.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    });
  });

  it('calls saveMobile once when the right code comes 10 times in parallel across instances', async () => {
    const users = [{ ...alice }, { ...bob }];
    const { saved, enrollment } = enrollmentOf(users);
    const pair = new TwoInstances(await backend.open(), { enrollment }, { users });
    await pair.send(pair.a, 'post', '/login', { username: 'bob', password: bob.password });
    await pair.send(pair.a, 'get', '/login/sms');
    await pair.send(pair.a, 'post', '/login/sms', { mobile: '+1 201 555 0144' });
    const code = pair.outbox.latestCode();
    const cookie = pair.cookie;
    const submits = await Promise.all(Array.from({ length: 10 }, (_, i) => pair.send(i % 2 ? pair.b : pair.a, 'post', '/login/sms', { code }, cookie)));
    expect(submits.filter((submit) => submit.headers.location === '/account')).toHaveLength(1);
    expect(saved).toEqual([{ userId: 'u2', mobile: '+12015550144' }]);
    expect(pair.eventsOf('enrolled')).toHaveLength(1);
  });

  describe('changing the number of a signed-in user', () => {
    async function signedIn(strategy: SmsOtpOptions = {}) {
      const context = await scenario(strategy);
      const agent = request.agent(context.app);
      await passFirstFactor(agent, alice);
      await agent.post('/login/sms').type('form').send({ code: context.outbox.latestCode() }).expect(302);
      return { ...context, agent };
    }

    it('sends visitors who are not signed in to loginUrl', async () => {
      const { app } = await scenario();
      await request(app).get('/account/mobile').expect(303).expect('Location', '/login');
      await request(app).post('/account/mobile').type('form').send({ mobile: '+1 201 555 0144' }).expect(303).expect('Location', '/login');
    });

    it('verifies the NEW number, saves it, tells the old one, rotates the session and keeps the user signed in', async () => {
      const { agent, outbox, saved, events, users } = await signedIn();
      const form = await agent.get('/account/mobile').expect(200);
      expect(form.text).toContain('Change your mobile number');
      const before = outbox.messages.length;
      await agent.post('/account/mobile').type('form').send({ mobile: '+1 201 555 0177' }).expect(303).expect('Location', '/account/mobile');
      expect(outbox.messages.at(-1)?.to).toBe('+12015550177');
      const prompt = await agent.get('/account/mobile').expect(200);
      expect(prompt.text).toContain('•••••••0177');
      expect(prompt.text).toContain('Use a different number');
      expect((await agent.get('/whoami')).body.authenticated).toBe(true);

      const code = outbox.latestCode();
      await agent.post('/account/mobile').type('form').send({ code: wrongCode(code) }).expect(303).expect('Location', '/account/mobile');
      expect((await agent.get('/account/mobile')).text).toContain('That code is not correct.');
      expect(saved).toEqual([]);

      const response = await agent.post('/account/mobile').type('form').send({ code });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/account');
      expect(sessionCookie(response)).toBeDefined();
      expect(saved).toEqual([{ userId: 'u1', mobile: '+12015550177' }]);
      expect(users[0].mobile).toBe('+12015550177');
      const notice = outbox.messages.slice(before).find((message) => message.to === '+12015550123');
      expect(notice?.body).toBe('The mobile number for Acme was changed. If this was not you, contact support.');
      expect(events.filter((event) => event.type === 'mobile_changed')).toMatchObject([{ purpose: 'change_mobile', mobile: '•••••••0177' }]);
      expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
    });
  });
});

describe('enrollment options', () => {
  it('make changeMobile() throw without enrollment', () => {
    const strategy = new SmsOtpStrategy({ secret: 'a-secret-of-sixteen+', provider: new Outbox().provider() });
    expect(() => strategy.changeMobile({ successRedirect: '/account' })).toThrow(InvalidOptionError);
    expect(() => new SmsOtpStrategy({ enrollment: {} as never })).toThrow('enrollment.saveMobile');
  });

  it('keep each strategy\'s pending sign-in under a session key of its own name', async () => {
    const { app, sessions, outbox } = createTestApp({ strategy: { name: 'admin-otp' } });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent, alice)).status).toBe(200);
    const stored = JSON.stringify((sessions as unknown as { sessions: Record<string, string> }).sessions);
    expect(stored).toContain('smsOtp:admin-otp');
    expect(stored).not.toContain('smsOtp:sms-otp');
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
  });
});
