import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { SmsOtpStrategy, type SmsOtpEvent, type VerifyCallback, type VerifyDone } from '../lib';
import { alice, bob, createTestApp, passFirstFactor, type TestAppOptions, type TestUser } from './support/testApp';

const secret = 'test-secret-with-enough-length';
const failureOptions = { successRedirect: '/account', failureRedirect: '/login/sms', failureMessage: true };

/** A pending sign-in of alice with a verify callback, a code in the outbox and every event recorded. */
async function signInWith(verify: VerifyCallback<unknown> | undefined, options: Omit<TestAppOptions, 'verify'> = {}) {
  const events: SmsOtpEvent[] = [];
  const users: TestUser[] = [{ ...alice }, { ...bob, mobile: '+1 201 555 0188' }];
  const setup = createTestApp({
    users,
    verifyOptions: failureOptions,
    ...options,
    verify,
    strategy: { onEvent: (event) => void events.push(event), ...options.strategy },
  });
  const agent = request.agent(setup.app);
  await passFirstFactor(agent);
  return { ...setup, agent, events, users, code: setup.outbox.latestCode() };
}

function submit(agent: request.Agent, code: string) {
  return agent.post('/login/sms').type('form').send({ code });
}

async function messages(agent: request.Agent): Promise<string[]> {
  return (await agent.get('/session-messages')).body as string[];
}

describe('the verify callback, new SmsOtpStrategy(options, verify)', () => {
  it('is called once after a right code with the deserialized user, and signs in the user it gives to done', async () => {
    const seen: unknown[] = [];
    const { agent, code } = await signInWith((user, done) => {
      seen.push(user);
      done(null, { ...bob, mobile: '+1 201 555 0188' });
    });
    await submit(agent, code).expect(302).expect('Location', '/account');
    expect(seen).toEqual([alice]);
    // The callback chose who signs in: bob's session, not alice's.
    expect((await agent.get('/account')).text).toBe('signed in as bob');
  });

  it('hands its info to Passport, as done(null, user, info) does in every strategy', async () => {
    const { agent, code } = await signInWith((user, done) => done(null, user, { message: 'Welcome back.' }), {
      // Passport drops the old session's messages when it regenerates the session, unless told to keep them.
      verifyOptions: { successRedirect: '/account', successMessage: true, keepSessionInfo: true },
    });
    await submit(agent, code).expect(302).expect('Location', '/account');
    expect(await messages(agent)).toEqual(['Welcome back.']);
  });

  it('refuses with done(null, false, info): 401, the message shown, nobody signed in, the code spent, a failed event', async () => {
    const { agent, code, events } = await signInWith((_user, done) => done(null, false, { message: 'Your account is suspended.' }), {
      verifyOptions: { successRedirect: '/account' },
    });
    const refused = await submit(agent, code);
    expect(refused.status).toBe(401);
    expect((await agent.get('/account')).status).toBe(401);
    // The code is spent and the sign-in over: the prompt sends the user back to the first factor.
    await agent.get('/login/sms').expect(303).expect('Location', '/login');
    expect(events.filter((event) => event.type === 'failed').map((event) => event.reason)).toEqual(['refused']);
    expect(events.map((event) => event.type)).not.toContain('verified');
  });

  it('shows the refusal through failureMessage, and a message of its own when the callback gives none', async () => {
    const withMessage = await signInWith((_user, done) => done(null, false, { message: 'Your account is suspended.' }));
    await submit(withMessage.agent, withMessage.code).expect(302).expect('Location', '/login/sms');
    expect(await messages(withMessage.agent)).toEqual(['Your account is suspended.']);

    const without = await signInWith((_user, done) => done(null, false));
    await submit(without.agent, without.code).expect(302);
    expect(await messages(without.agent)).toEqual(['This account cannot sign in. Contact us if you think this is a mistake.']);
  });

  it('passes done(err) to the error handler, signing nobody in', async () => {
    const failure = new Error('user database down');
    const { agent, code } = await signInWith((_user, done) => done(failure));
    const response = await submit(agent, code);
    expect(response.status).toBe(500);
    expect(response.text).toContain('user database down');
    expect((await agent.get('/account')).status).toBe(401);
  });

  it('takes a promise instead of done: a user signs in, false refuses, a rejection is an error', async () => {
    const resolved = await signInWith(async (user) => user);
    await submit(resolved.agent, resolved.code).expect(302).expect('Location', '/account');
    expect((await resolved.agent.get('/account')).text).toBe('signed in as alice');

    const refused = await signInWith(async () => false);
    await submit(refused.agent, refused.code).expect(302).expect('Location', '/login/sms');
    expect((await refused.agent.get('/account')).status).toBe(401);

    const rejected = await signInWith(async () => Promise.reject(new Error('lookup failed')));
    expect((await submit(rejected.agent, rejected.code)).status).toBe(500);
  });

  it("answers once when the callback both calls done and returns a promise, as NestJS's PassportStrategy does", async () => {
    let calls = 0;
    const nestLike: VerifyCallback<unknown> = async (user, done) => {
      calls += 1;
      done(null, user);
      return user;
    };
    const { agent, code } = await signInWith(nestLike);
    await submit(agent, code).expect(302).expect('Location', '/account');
    expect(calls).toBe(1);
    expect((await agent.get('/account')).text).toBe('signed in as alice');
  });

  it('receives the request first with passReqToCallback: true', async () => {
    const seen: Array<{ path: string | undefined; user: unknown }> = [];
    const verify = (req: IncomingMessage, user: unknown, done: VerifyDone<unknown>) => {
      seen.push({ path: req.url, user });
      done(null, user);
    };
    const { agent, code } = await signInWith(verify as unknown as VerifyCallback<unknown>, { strategy: { passReqToCallback: true } });
    await submit(agent, code).expect(302).expect('Location', '/account');
    expect(seen).toEqual([{ path: '/login/sms', user: alice }]);
  });

  it('is not asked for a step-up: the user is signed in already', async () => {
    let calls = 0;
    const clock = { now: Date.now() };
    const { agent, code, outbox } = await signInWith(
      (user, done) => {
        calls += 1;
        done(null, user);
      },
      { stepUp: { maxAgeSeconds: 30 }, strategy: { clock: () => clock.now } },
    );
    await submit(agent, code).expect(302).expect('Location', '/account');
    clock.now += 60_000;
    await agent.get('/security').expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    await submit(agent, outbox.latestCode()).expect(303).expect('Location', '/security');
    expect((await agent.get('/security')).text).toBe('security settings');
    expect(calls).toBe(1);
  });

  it('refuses a user enrolling a number before the number is saved', async () => {
    const saved: string[] = [];
    const { agent, events } = await (async () => {
      const events: SmsOtpEvent[] = [];
      const setup = createTestApp({
        users: [{ ...bob }],
        verify: (_user, done) => done(null, false, { message: 'Not allowed.' }),
        verifyOptions: failureOptions,
        strategy: { onEvent: (event) => void events.push(event), enrollment: { saveMobile: (_user, mobile) => void saved.push(mobile) } },
      });
      const agent = request.agent(setup.app);
      await passFirstFactor(agent, bob);
      await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0177' }).expect(303);
      await submit(agent, setup.outbox.latestCode()).expect(302).expect('Location', '/login/sms');
      return { agent, events };
    })();
    expect(saved).toEqual([]);
    expect(await messages(agent)).toEqual(['Not allowed.']);
    expect(events.map((event) => event.type)).not.toContain('enrolled');
  });
});

describe('a function given as the last argument', () => {
  it('is the verify callback, with or without options before it', () => {
    const verify: VerifyCallback<unknown> = (user, done) => done(null, user);
    expect(new SmsOtpStrategy({ secret, logger: false }, verify).name).toBe('sms-otp');
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'development';
      expect(new SmsOtpStrategy(verify).name).toBe('sms-otp');
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(() => new (SmsOtpStrategy as unknown as new (...args: unknown[]) => unknown)({ secret }, verify, verify)).toThrow('constructed as new SmsOtpStrategy(options?, verify?)');
  });

  it('is no longer getMobile: one given there (before 0.2) is an error at the first right code, naming the option', async () => {
    for (const getMobile of [(user: unknown) => (user as TestUser).mobile, async (user: unknown) => (user as TestUser).mobile]) {
      const { agent, code } = await signInWith(getMobile as unknown as VerifyCallback<unknown>);
      const response = await submit(agent, code);
      expect(response.status).toBe(500);
      expect(response.text).toContain('give getMobile as an option');
      expect((await agent.get('/account')).status).toBe(401);
    }
  });
});

describe('the verify callback with a remembered device', () => {
  async function rememberedDevice(verify: VerifyCallback<unknown>) {
    let answer: 'confirm' | 'refuse' = 'confirm';
    const { app, outbox } = createTestApp({
      verify: (user, done) => (answer === 'confirm' ? verify(user, done) : done(null, false, { message: 'Your account is suspended.' })),
      strategy: { rememberDevice: {} },
    });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode(), remember: '1' }).expect(302).expect('Location', '/account');
    await agent.post('/logout').expect(303);
    return { agent, outbox, refuseFromNowOn: () => (answer = 'refuse') };
  }

  it('signs in the user the callback confirms, with the password alone', async () => {
    const { agent, outbox } = await rememberedDevice((_user, done) => done(null, { ...bob }));
    const sent = outbox.messages.length;
    await agent.post('/login').type('form').send({ username: alice.username, password: alice.password }).expect(303).expect('Location', '/account');
    expect(outbox.messages.length).toBe(sent);
    expect((await agent.get('/account')).text).toBe('signed in as bob');
  });

  it('signs in nobody the callback refuses, and says why on the first factor page', async () => {
    const { agent, refuseFromNowOn } = await rememberedDevice((user, done) => done(null, user));
    refuseFromNowOn();
    await agent.post('/login').type('form').send({ username: alice.username, password: alice.password }).expect(303).expect('Location', '/login');
    expect((await agent.get('/account')).status).toBe(401);
    expect(await messages(agent)).toEqual(['Your account is suspended.']);
  });
});
