import express from 'express';
import session from 'express-session';
import request from 'supertest';
import { SmsOtpStrategy } from '../lib';
import { recordingLogger } from './support/recordingLogger';
import { alice, createTestApp, Outbox, passFirstFactor, sessionCookie } from './support/testApp';

describe('after the first factor', () => {
  it('parks the user as pending, rotates the session id and redirects with 303 to the prompt', async () => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    const before = await agent.get('/login/sms');
    expect(before.status).toBe(303);

    const earlyCookie = sessionCookie(await agent.post('/login').type('form').send({ username: 'alice', password: 'wrong' }));
    const login = await agent.post('/login').type('form').send({ username: alice.username, password: alice.password });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/login/sms');
    const pendingCookie = sessionCookie(login);
    expect(pendingCookie).toBeDefined();
    expect(pendingCookie).not.toBe(earlyCookie);
  });

  it('does not authenticate the user until the code verifies', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    await passFirstFactor(agent);
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: false, user: null });
    expect((await agent.get('/account')).status).toBe(401);

    const verified = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    expect(verified.status).toBe(302);
    expect(verified.headers.location).toBe('/account');
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
  });

  it('rotates the session id again when the code verifies', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    const login = await agent.post('/login').type('form').send({ username: alice.username, password: alice.password });
    await agent.get('/login/sms');
    const verified = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    expect(sessionCookie(verified)).toBeDefined();
    expect(sessionCookie(verified)).not.toBe(sessionCookie(login));
  });

  it('keeps a wrong password at the first factor, with no SMS sent', async () => {
    const { app, outbox } = createTestApp();
    const response = await request(app).post('/login').type('form').send({ username: 'alice', password: 'nope' });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login');
    expect(outbox.messages).toHaveLength(0);
  });

  it('lets a pending sign-in lapse after the pending timeout', async () => {
    let now = Date.now();
    const { app, outbox } = createTestApp({ strategy: { pendingTimeoutSeconds: 600, clock: () => now } });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    now += 601_000;
    const lapsed = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    expect(lapsed.status).toBe(303);
    expect(lapsed.headers.location).toBe('/login');
    expect((await agent.get('/whoami')).body.authenticated).toBe(false);
  });

  it('sends a visitor without a first factor to the login page', async () => {
    const { app } = createTestApp();
    const prompt = await request(app).get('/login/sms');
    expect(prompt.status).toBe(303);
    expect(prompt.headers.location).toBe('/login');
    const post = await request(app).post('/login/sms').type('form').send({ code: '123456' });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/login');
  });
});

describe('afterFirstFactor() without a user before it', () => {
  /** The test app with its logger, and `afterFirstFactor()` mounted again where no first factor runs. */
  function appWithoutFirstFactor() {
    const { logger, lines } = recordingLogger();
    const { app, strategy } = createTestApp({ strategy: { logger } });
    app.post('/mfa', strategy.afterFirstFactor({ redirectTo: '/login/sms' }));
    app.post('/other-mfa', strategy.afterFirstFactor({ redirectTo: '/login/sms' }));
    app.get('/mfa', strategy.afterFirstFactor({ redirectTo: '/login/sms' }));
    const linesOfIt = () => lines.filter(({ message }) => message.includes('afterFirstFactor()'));
    return { app, linesOfIt };
  }

  it('sends a POST to loginUrl and warns once per mounted middleware that no first factor ran before it', async () => {
    const { app, linesOfIt } = appWithoutFirstFactor();
    for (let i = 0; i < 3; i++) await request(app).post('/mfa').expect(303).expect('Location', '/login');
    expect(linesOfIt()).toEqual([
      {
        level: 'warn',
        fields: { strategy: 'sms-otp', method: 'POST', path: '/mfa', loginUrl: '/login' },
        message:
          "sms-otp: afterFirstFactor() got a POST without req.user, so it sent it to /login: put it after the first factor, such as passport.authenticate('local', { session: false }), which sets req.user or answers a refused sign-in itself.",
      },
    ]);
    await request(app).post('/other-mfa').expect(303);
    expect(linesOfIt().map(({ level, fields }) => [level, fields.path])).toEqual([['warn', '/mfa'], ['warn', '/other-mfa']]);
  });

  it('says it only at info, once, for a GET by a visitor who is not signed in (normal on a page after a session sign-in)', async () => {
    const { app, linesOfIt } = appWithoutFirstFactor();
    await request(app).get('/mfa').expect(303).expect('Location', '/login');
    await request(app).get('/mfa').expect(303);
    expect(linesOfIt()).toEqual([
      {
        level: 'info',
        fields: { strategy: 'sms-otp', method: 'GET', path: '/mfa', loginUrl: '/login' },
        message: 'sms-otp: afterFirstFactor() sent a visitor without req.user to /login (normal for a GET by someone not signed in; said once).',
      },
    ]);
  });

  it('warns, even for a GET, when Passport never saw the request', async () => {
    const { logger, lines } = recordingLogger();
    const strategy = new SmsOtpStrategy({ provider: new Outbox().provider(), secret: 'test-secret-with-enough-length', logger });
    const app = express();
    app.use(session({ secret: 'session-secret', resave: false, saveUninitialized: false }));
    app.get('/mfa', strategy.afterFirstFactor({ redirectTo: '/login/sms' }));
    await request(app).get('/mfa?next=%2Faccount').expect(303).expect('Location', '/login');
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: { strategy: 'sms-otp', method: 'GET', path: '/mfa', loginUrl: '/login' },
        message: expect.stringContaining('afterFirstFactor() got a request Passport never saw (no passport.authenticate() before it), so it sent it to /login'),
      },
    ]);
  });

  it('logs nothing of it where the first factor is before it and refuses a wrong password itself', async () => {
    const { app, linesOfIt } = appWithoutFirstFactor();
    await request(app).post('/login').type('form').send({ username: 'alice', password: 'wrong' }).expect(302).expect('Location', '/login');
    await passFirstFactor(request.agent(app));
    expect(linesOfIt()).toEqual([]);
  });
});
