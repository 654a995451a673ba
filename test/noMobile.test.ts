import request from 'supertest';
import type { SmsOtpEvent } from '../lib';
import { bob, createTestApp, passFirstFactor } from './support/testApp';

describe('a user with no mobile number', () => {
  it('gets a clear failure page, no SMS, an event, and must sign in again', async () => {
    const events: SmsOtpEvent[] = [];
    const { app, outbox } = createTestApp({ strategy: { onEvent: (event) => void events.push(event) } });
    const agent = request.agent(app);
    const page = await passFirstFactor(agent, bob);
    expect(page.status).toBe(403);
    expect(page.text).toContain('No mobile number is registered for this account.');
    expect(page.text).toContain('<a href="/login">Sign in again</a>');
    expect(page.text).not.toContain('name="code"');
    expect(outbox.messages).toHaveLength(0);
    expect(events.map((event) => [event.type, event.userKey])).toEqual([['no_mobile', 'u2']]);
    await agent.get('/login/sms').expect(303).expect('Location', '/login');
  });

  it('uses getMobile when given, and treats a blank answer as none', async () => {
    const { app, outbox } = createTestApp({ getMobile: async (user) => ((user as { id: string }).id === 'u1' ? '   ' : '+44 7911 123456') });
    expect((await passFirstFactor(request.agent(app))).status).toBe(403);
    expect((await passFirstFactor(request.agent(app), bob)).status).toBe(200);
    expect(outbox.messages.map((message) => message.to)).toEqual(['+447911123456']);
  });
});
