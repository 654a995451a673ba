import request from 'supertest';
import { createTestApp, passFirstFactor, sessionCookie } from './support/testApp';

async function pendingAgent(options: Parameters<typeof createTestApp>[0] = {}) {
  const setup = createTestApp({ verifyOptions: { successRedirect: '/account' }, ...options });
  const agent = request.agent(setup.app);
  await passFirstFactor(agent);
  return { ...setup, agent, code: setup.outbox.latestCode() };
}

function submit(agent: request.Agent, body: string | object) {
  return agent.post('/login/sms').type('form').send(body);
}

function wrongCodeFor(code: string): string {
  return code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
}

describe('verifying the code', () => {
  it('signs in the deserialized user with the right code', async () => {
    const { agent, code } = await pendingAgent({ verifyOptions: { successRedirect: '/account' } });
    const response = await submit(agent, { code });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/account');
    expect((await agent.get('/account')).text).toBe('signed in as alice');
  });

  it('fails a wrong code with 401 and the attempts left', async () => {
    const { agent, code } = await pendingAgent({ strategy: { maxAttempts: 3 } });
    const response = await submit(agent, { code: wrongCodeFor(code) });
    expect(response.status).toBe(401);
    const redirected = await pendingAgent({ strategy: { maxAttempts: 3 }, verifyOptions: { failureRedirect: '/login/sms', failureMessage: true } });
    await submit(redirected.agent, { code: wrongCodeFor(redirected.code) }).expect(302);
    expect((await redirected.agent.get('/login/sms')).text).toContain('That code is not correct. 2 attempts left.');
    await submit(redirected.agent, { code: wrongCodeFor(redirected.code) }).expect(302);
    expect((await redirected.agent.get('/login/sms')).text).toContain('That code is not correct. 1 attempt left.');
  });

  it('kills the code after maxAttempts wrong codes, even if the right one follows', async () => {
    const { agent, code } = await pendingAgent({ strategy: { maxAttempts: 3 }, verifyOptions: { failureRedirect: '/login/sms', failureMessage: true } });
    for (let i = 0; i < 3; i += 1) await submit(agent, { code: wrongCodeFor(code) }).expect(302);
    expect((await agent.get('/login/sms')).text).toContain('too many wrong codes were entered: it no longer works');
    await submit(agent, { code }).expect(302);
    const page = await agent.get('/login/sms');
    expect(page.text).toContain('it no longer works. Send a new code.');
    expect((await agent.get('/whoami')).body.authenticated).toBe(false);
  });

  it('refuses an expired code and says to request a new one', async () => {
    let now = Date.now();
    const { agent, code } = await pendingAgent({ strategy: { expirySeconds: 60, clock: () => now } });
    now += 61_000;
    const response = await submit(agent, { code });
    expect(response.status).toBe(401);
    const redirected = await pendingAgent({ strategy: { expirySeconds: 60, clock: () => now }, verifyOptions: { failureRedirect: '/login/sms', failureMessage: true } });
    now += 61_000;
    await submit(redirected.agent, { code: redirected.code }).expect(302);
    expect((await redirected.agent.get('/login/sms')).text).toContain('That code has expired. Send a new code.');
  });

  it('accepts a code only once, even replayed with the old session cookie', async () => {
    const { app, outbox } = createTestApp({ verifyOptions: { successRedirect: '/account' } });
    const login = await request(app).post('/login').type('form').send({ username: 'alice', password: 'correct-horse' });
    const pendingCookie = sessionCookie(login) as string;
    await request(app).get('/login/sms').set('Cookie', pendingCookie).expect(200);
    const code = outbox.latestCode();
    const signedIn = await request(app).post('/login/sms').set('Cookie', pendingCookie).type('form').send({ code });
    expect(signedIn.status).toBe(302);
    const replay = await request(app).post('/login/sms').set('Cookie', pendingCookie).type('form').send({ code });
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login');
    expect(sessionCookie(replay)).toBeUndefined();
  });

  it('lets exactly one of many parallel right codes sign in', async () => {
    const { agent, code } = await pendingAgent({ strategy: { maxAttempts: 20 } });
    const responses = await Promise.all(Array.from({ length: 10 }, () => submit(agent, { code })));
    const signedIn = responses.filter((response) => response.status === 302 && response.headers.location === '/account');
    expect(signedIn).toHaveLength(1);
  });

  it('counts every one of many parallel wrong guesses', async () => {
    const { agent, code } = await pendingAgent({ strategy: { maxAttempts: 3 } });
    const responses = await Promise.all(Array.from({ length: 30 }, () => submit(agent, { code: wrongCodeFor(code) })));
    expect(responses.every((response) => response.status === 401)).toBe(true);
    await submit(agent, { code }).expect(401);
  });

  it.each([
    ['an empty', 400, { code: '' }],
    ['a blank', 400, { code: '   ' }],
    ['an array as', 400, 'code=123456&code=654321'],
    ['an overlong', 400, { code: '1'.repeat(65) }],
    ['a too long (after cleaning)', 400, { code: '1234567' }],
    ['a too short', 400, { code: '123' }],
    ['a numeric code with letters as', 400, { code: '12345A' }],
  ])('answers %s code with %i and no exception', async (_label, status, body) => {
    const { agent } = await pendingAgent();
    const response = await submit(agent, body);
    expect(response.status).toBe(status);
  });

  it('shows the prompt again, without failing, when the form has no code field at all', async () => {
    const { agent, outbox } = await pendingAgent();
    const response = await submit(agent, {});
    expect(response.status).toBe(200);
    expect(response.text).toContain('autocomplete="one-time-code"');
    expect(outbox.messages).toHaveLength(1);
  });

  it('answers a body in an unreadable format with 415, not 500', async () => {
    const { agent } = await pendingAgent();
    const response = await agent.post('/login/sms').set('Content-Type', 'text/plain').send('code=123456');
    expect(response.status).toBe(415);
  });

  it('answers an object code with 400 when the app parses nested forms', async () => {
    const { agent } = await pendingAgent();
    const response = await agent.post('/login/sms').type('json').send({ code: { $ne: '' } });
    expect(response.status).toBe(400);
  });

  it('does not count malformed input as an attempt', async () => {
    const { agent, code } = await pendingAgent({ strategy: { maxAttempts: 1 } });
    await submit(agent, { code: 'abc' }).expect(400);
    await submit(agent, { code: '' }).expect(400);
    await submit(agent, { code }).expect(302);
  });

  it('ignores spaces and dashes the user typed', async () => {
    const { agent, code } = await pendingAgent();
    const typed = `${code.slice(0, 3)} - ${code.slice(3)}`;
    await submit(agent, { code: typed }).expect(302);
    expect((await agent.get('/whoami')).body.authenticated).toBe(true);
  });

  it('compares alphanumeric codes case-insensitively', async () => {
    const { agent, code } = await pendingAgent({ strategy: { numericOnly: false } });
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await submit(agent, { code: code.toLowerCase() }).expect(302);
    expect((await agent.get('/whoami')).body.authenticated).toBe(true);
  });

  it('fails with a message when no code was sent yet', async () => {
    const { app } = createTestApp({ verifyOptions: { failureMessage: true } });
    const agent = request.agent(app);
    await agent.post('/login').type('form').send({ username: 'alice', password: 'correct-horse' }).expect(303);
    await submit(agent, { code: '123456' }).expect(401);
    expect((await agent.get('/session-messages')).body).toEqual(['No code has been sent yet. Send a new code.']);
  });
});
