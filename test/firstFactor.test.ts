import request from 'supertest';
import { alice, createTestApp, passFirstFactor, sessionCookie } from './support/testApp';

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
