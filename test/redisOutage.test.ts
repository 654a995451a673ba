import request from 'supertest';
import { RedisOtpStore, type SmsOtpEvent } from '../lib';
import { connectRedis, OwnRedisServer, waitFor, type TestRedisClient } from './support/redis';
import { createTestApp, passFirstFactor } from './support/testApp';

/**
 * Always a redis-server of this test's own, never the shared one: the test stops it. Sessions
 * stay in memory so that only the OTP store loses its backend.
 */
describe('when Redis stops in the middle of a sign-in', () => {
  let server: OwnRedisServer;
  let client: TestRedisClient;

  beforeAll(async () => {
    server = await OwnRedisServer.start();
    client = await connectRedis(server.url);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('fails closed with a 503 page, accepts no code, sends nothing, and recovers when Redis is back', async () => {
    const events: SmsOtpEvent[] = [];
    const store = new RedisOtpStore({ client, prefix: 'outage:' });
    const { app, outbox } = createTestApp({
      strategy: { store, resendCooldownSeconds: 0, onEvent: (event) => void events.push(event) },
      verifyOptions: { successRedirect: '/account' },
    });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(200);
    const code = outbox.latestCode();

    await server.stop();
    await waitFor(() => !client.isReady);

    for (const attempt of [
      () => agent.post('/login/sms').type('form').send({ code }),
      () => agent.get('/login/sms'),
      () => agent.post('/login/sms').type('form').send({ resend: '1' }),
    ]) {
      const response = await attempt();
      expect(response.status).toBe(503);
      expect(response.text).toContain('Verification is unavailable right now.');
    }
    expect(outbox.messages).toHaveLength(1);
    expect((await agent.get('/whoami')).body.authenticated).toBe(false);
    expect(events.filter((event) => event.type === 'verified')).toHaveLength(0);

    await server.restart();
    await waitFor(() => client.isReady);
    // The restarted server kept nothing (no persistence): the prompt sends a new code.
    expect((await agent.get('/login/sms')).status).toBe(200);
    expect(outbox.messages).toHaveLength(2);
    const verified = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    expect(verified.status).toBe(302);
    expect((await agent.get('/whoami')).body.authenticated).toBe(true);
  });

  it('fails closed with a 503 page within the timeout when Redis hangs without closing the connection', async () => {
    const store = new RedisOtpStore({ client, prefix: 'hang:', timeoutMs: 300 });
    const { app, outbox } = createTestApp({ strategy: { store }, verifyOptions: { successRedirect: '/account' } });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(200);
    const code = outbox.latestCode();

    server.pause();
    try {
      const started = Date.now();
      // A wrong code: Redis may still run the script once it wakes up, and that must not end the sign-in.
      const response = await agent.post('/login/sms').type('form').send({ code: code === '000000' ? '111111' : '000000' });
      expect(response.status).toBe(503);
      expect(response.text).toContain('Verification is unavailable right now.');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await agent.get('/whoami')).body.authenticated).toBe(false);
    } finally {
      server.resume();
    }
    await waitFor(() => client.isReady);
    await agent.post('/login/sms').type('form').send({ code }).expect(302).expect('Location', '/account');
  });
});
