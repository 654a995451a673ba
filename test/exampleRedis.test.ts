import { buildExampleApp, createRecoveryCodes, csrfTokenIn, openRecoveryForm, passPassword, recoveryCodesIn, signInAlice, signOut } from './support/exampleApp';
import { codeSpokenIn, markInInbox, newestMessage } from './support/exampleInbox';
import { connectRedis, deleteKeys, OwnRedisServer, testRedis, uniquePrefix, waitFor } from './support/redis';

describe('the example app with REDIS_URL', () => {
  let redis: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis.stop());

  it('keeps sessions and codes in Redis and signs alice in', async () => {
    const prefix = uniquePrefix('example');
    const example = await buildExampleApp({ redisUrl: redis.url, redisPrefix: prefix });
    const client = await connectRedis(redis.url);
    try {
      const { agent, token, code } = await passPassword(example);
      expect(await client.keys(`${prefix}otp:*`)).not.toHaveLength(0);
      await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');
      await agent.get('/account').expect(200);
      expect(await client.keys(`${prefix}sess:*`)).not.toHaveLength(0);
    } finally {
      await deleteKeys(client, prefix);
      await client.close();
      await example.close();
    }
  });

  it('signs alice in with a recovery code on Redis: one of two sign-ins that send it at once', async () => {
    const prefix = uniquePrefix('example-recovery');
    const example = await buildExampleApp({ redisUrl: redis.url, redisPrefix: prefix });
    const client = await connectRedis(redis.url);
    try {
      const { agent } = await signInAlice(example);
      const codes = recoveryCodesIn((await createRecoveryCodes(agent)).page.text);
      await signOut(agent);
      const forms = await Promise.all([openRecoveryForm(example), openRecoveryForm(example)]);
      const answers = await Promise.all(forms.map((form) => form.send(codes[0])));
      expect(answers.map((answer) => answer.headers.location).sort()).toEqual(['/account', '/login/sms']);
      const winner = forms[answers.findIndex((answer) => answer.headers.location === '/account')];
      expect((await winner.agent.get('/account/security').expect(200)).text).toContain('9 recovery codes left');
      expect(example.inbox?.messages[0]?.body).toContain('A recovery code was used to sign in to Example App. 9 codes are left.');
    } finally {
      await deleteKeys(client, prefix);
      await client.close();
      await example.close();
    }
  });

  it('on Redis, says a text marked undelivered did not arrive, and signs alice in with the code a call spoke', async () => {
    const prefix = uniquePrefix('example-delivery');
    const example = await buildExampleApp({ redisUrl: redis.url, redisPrefix: prefix });
    const client = await connectRedis(redis.url);
    try {
      const { agent } = await passPassword(example);
      await markInInbox(agent, newestMessage(example), 'undelivered');
      const prompt = await agent.get('/login/sms').expect(200);
      expect(prompt.text).toContain('We could not deliver the text to •••••••0100.');
      expect(prompt.text).not.toContain('data-resend-wait');
      await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), call: '1' }).expect(303);
      const spokenCode = codeSpokenIn((await agent.get('/dev/sms').expect(200)).text);
      await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt.text), code: spokenCode }).expect(302).expect('Location', '/account');
    } finally {
      await deleteKeys(client, prefix);
      await client.close();
      await example.close();
    }
  });

  it('refuses to start, saying why, when Redis cannot be reached within its start-up wait', async () => {
    const started = Date.now();
    await expect(buildExampleApp({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/Could not connect to Redis at 127\.0\.0\.1:1 within 5 s: .*ECONNREFUSED/);
    // It kept trying for its start-up wait (5 s), not for ever.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it('starts when Redis comes up within its start-up wait, and reconnects by itself after Redis restarts', async () => {
    const server = await OwnRedisServer.onFreePort();
    const starting = buildExampleApp({ redisUrl: server.url, redisPrefix: uniquePrefix('example-restart') });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    const example = await starting;
    try {
      await signInAlice(example);
      await server.stop();
      await server.restart();
      // The restarted server kept nothing (no persistence); a new sign-in works once the client is back.
      await waitFor(() => signInAlice(example).then(() => true, () => false));
    } finally {
      await example.close();
      await server.stop();
    }
  }, 30_000);
});
