import request from 'supertest';
import type { SmsOtpEvent } from '../lib';
import { createTestApp, passFirstFactor } from './support/testApp';

describe('onEvent', () => {
  it('reports each step with user key, masked number, ip and time, never the code', async () => {
    const events: SmsOtpEvent[] = [];
    let now = Date.now();
    const { app, outbox } = createTestApp({
      strategy: { onEvent: (event) => void events.push(event), maxAttempts: 2, resendCooldownSeconds: 0, expirySeconds: 60, clock: () => now },
      verifyOptions: { successRedirect: '/account', failureRedirect: '/login/sms' },
    });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    const firstCode = outbox.latestCode();
    const wrong = firstCode === '000000' ? '111111' : '000000';
    await agent.post('/login/sms').type('form').send({ code: wrong });
    await agent.post('/login/sms').type('form').send({ code: wrong });
    await agent.post('/login/sms').type('form').send({ resend: '1' });
    now += 61_000;
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });
    await agent.post('/login/sms').type('form').send({ resend: '1' });
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() });

    expect(events.map((event) => event.type)).toEqual(['sent', 'failed', 'locked', 'resent', 'expired', 'resent', 'verified']);
    for (const event of events) {
      expect(event).toMatchObject({ strategy: 'sms-otp', userKey: 'u1', mobile: '•••••••0123' });
      expect(event.ip).toMatch(/127\.0\.0\.1/);
      expect(event.at).toBeInstanceOf(Date);
    }
    expect(events[1]).toMatchObject({ reason: 'wrong_code', attemptsLeft: 1 });
    expect(events[2]).toMatchObject({ reason: 'max_attempts', attemptsLeft: 0 });
    expect(events[0]).toMatchObject({ provider: 'console' });
    const serialized = JSON.stringify(events);
    for (const message of outbox.messages) expect(serialized).not.toContain(/is (\w+)\./.exec(message.body)?.[1]);
  });

  it.each([
    ['throws', () => { throw new Error('audit log down'); }],
    ['rejects', () => Promise.reject(new Error('audit log down'))],
  ])('does not break sign-in when the hook %s', async (_label, onEvent) => {
    const warning = jest.fn();
    const logger = { info: () => undefined, warn: warning, error: () => undefined };
    const { app, outbox } = createTestApp({ strategy: { onEvent, logger }, verifyOptions: { successRedirect: '/account' } });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warning).toHaveBeenCalledWith({ strategy: 'sms-otp', event: 'sent', reason: 'audit log down' }, 'sms-otp: the onEvent hook failed and was ignored');
  });

  it('names the strategy in every event, so that two strategies are told apart', async () => {
    const events: SmsOtpEvent[] = [];
    const onEvent = (event: SmsOtpEvent) => void events.push(event);
    const users = createTestApp({ strategy: { onEvent } });
    const admins = createTestApp({ strategy: { onEvent, name: 'sms-otp-admin' } });
    const agent = request.agent(admins.app);
    await passFirstFactor(request.agent(users.app));
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: admins.outbox.latestCode() }).expect(302);

    expect(events.map((event) => [event.strategy, event.type])).toEqual([
      ['sms-otp', 'sent'],
      ['sms-otp-admin', 'sent'],
      ['sms-otp-admin', 'verified'],
    ]);
  });
});
