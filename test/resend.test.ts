import request from 'supertest';
import type { SmsProvider } from '../lib';
import { createTestApp, passFirstFactor } from './support/testApp';

async function pendingAgent(options: Parameters<typeof createTestApp>[0] = {}) {
  let now = Date.now();
  const clock = { advance: (ms: number) => (now += ms) };
  const setup = createTestApp({
    verifyOptions: { successRedirect: '/account', failureRedirect: '/login/sms', failureMessage: true },
    ...options,
    strategy: { clock: () => now, ...options.strategy },
  });
  const agent = request.agent(setup.app);
  await passFirstFactor(agent);
  return { ...setup, agent, clock };
}

const resend = (agent: request.Agent) => agent.post('/login/sms').type('form').send({ resend: '1' });

describe('resending the code', () => {
  it('replaces the code: the old one stops working at once and the new one signs in', async () => {
    const { agent, outbox, clock } = await pendingAgent();
    const oldCode = outbox.latestCode();
    clock.advance(30_000);
    const response = await resend(agent);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login/sms');
    expect(outbox.messages).toHaveLength(2);
    const newCode = outbox.latestCode();

    const page = await agent.get('/login/sms');
    expect(page.text).toContain('We sent a new code to •••••••0123. The previous code no longer works.');
    expect(newCode).not.toBe(oldCode); // one chance in a million that two random codes are equal
    await agent.post('/login/sms').type('form').send({ code: oldCode }).expect(302).expect('Location', '/login/sms');
    await agent.post('/login/sms').type('form').send({ code: newCode }).expect(302).expect('Location', '/account');
  });

  it('restarts the expiry clock and the attempts', async () => {
    const { agent, outbox, clock } = await pendingAgent({ strategy: { maxAttempts: 2, expirySeconds: 60 } });
    const wrong = outbox.latestCode() === '000000' ? '111111' : '000000';
    await agent.post('/login/sms').type('form').send({ code: wrong }).expect(302);
    await agent.post('/login/sms').type('form').send({ code: wrong }).expect(302);
    clock.advance(50_000);
    await resend(agent).expect(303);
    expect((await agent.get('/login/sms')).text).toContain('2 attempts left.');
    clock.advance(50_000);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
  });

  it('refuses a resend within the cooldown and says when to retry', async () => {
    const { agent, outbox, clock } = await pendingAgent({ strategy: { resendCooldownSeconds: 30 } });
    clock.advance(10_000);
    const refused = await resend(agent);
    expect(refused.status).toBe(302);
    const page = await agent.get('/login/sms');
    expect(page.text).toContain('Please wait 20 seconds before asking for another code.');
    // Said once: the error gives the wait, the hint under the button does not repeat it.
    expect(page.text).not.toContain('You can ask for a new code in');
    expect(outbox.messages).toHaveLength(1);
  });

  it('answers a refused resend with 429 when the app sets no failure redirect', async () => {
    const { agent } = await pendingAgent({ verifyOptions: {} });
    expect((await resend(agent)).status).toBe(429);
  });

  it('refuses resends past maxResends and says to sign in again', async () => {
    const { agent, outbox, clock } = await pendingAgent({ strategy: { maxResends: 2, resendCooldownSeconds: 1 } });
    for (let i = 0; i < 2; i += 1) {
      clock.advance(1_000);
      await resend(agent).expect(303);
    }
    clock.advance(1_000);
    await resend(agent).expect(302);
    const page = await agent.get('/login/sms');
    expect(page.text).toContain('You have asked for too many codes. Sign in again to start over.');
    expect(page.text).not.toContain('name="resend"');
    expect(outbox.messages).toHaveLength(3);
  });

  it('sends at most one SMS for parallel resends', async () => {
    const { agent, outbox, clock } = await pendingAgent();
    clock.advance(30_000);
    const responses = await Promise.all(Array.from({ length: 10 }, () => resend(agent)));
    expect(responses.filter((response) => response.status === 303)).toHaveLength(1);
    expect(outbox.messages).toHaveLength(2);
  });

  it('does not count a failed send toward the cooldown or the limit', async () => {
    let failing = false;
    const outbox: string[] = [];
    const flaky: SmsProvider = {
      name: 'flaky',
      send: async (message) => {
        if (failing) throw new Error('gateway down');
        outbox.push(message.body);
      },
    };
    const { agent, clock } = await pendingAgent({ provider: flaky, strategy: { maxResends: 1, resendCooldownSeconds: 30 } });
    clock.advance(30_000);
    failing = true;
    expect((await resend(agent)).status).toBe(503);
    failing = false;
    await resend(agent).expect(303);
    expect(outbox).toHaveLength(2);
  });
});
