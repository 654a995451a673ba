import request from 'supertest';
import { SmsSendError, type SmsOtpEvent, type SmsProvider } from '../lib';
import { createTestApp, passFirstFactor } from './support/testApp';

/** A provider whose next sends fail until told otherwise. */
function switchableProvider() {
  const sent: string[] = [];
  const state = { failing: true };
  const provider: SmsProvider = {
    name: 'gateway',
    send: async (message) => {
      if (state.failing) throw new SmsSendError('gateway answered 500', { provider: 'gateway', retryable: true, status: 500 });
      sent.push(message.body);
    },
  };
  return { provider, sent, state };
}

describe('when the provider fails to send', () => {
  it('shows a 503 page with a retry control, keeps the sign-in, and a retry works at once', async () => {
    const events: SmsOtpEvent[] = [];
    const { provider, sent, state } = switchableProvider();
    const { app } = createTestApp({ provider, strategy: { onEvent: (event) => void events.push(event) } });
    const agent = request.agent(app);
    const page = await passFirstFactor(agent);
    expect(page.status).toBe(503);
    expect(page.text).toContain('We could not send a code to •••••••0123. Please try again.');
    expect(page.text).toMatch(/<button type="submit" name="resend" value="1">Try again<\/button>/);
    expect(events.map((event) => [event.type, event.provider, event.reason])).toEqual([['send_failed', 'gateway', 'http_500']]);

    state.failing = false;
    const retry = await agent.post('/login/sms').type('form').send({ resend: '1' });
    expect(retry.status).toBe(303);
    expect(sent).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['send_failed', 'sent']);
  });

  it('sends on the next visit of the prompt when nothing went out yet', async () => {
    const { provider, sent, state } = switchableProvider();
    const { app } = createTestApp({ provider });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(503);
    state.failing = false;
    expect((await agent.get('/login/sms')).status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it('survives a provider that throws synchronously or rejects with a non-error', async () => {
    const throwing: SmsProvider = {
      name: 'broken',
      send: () => {
        throw new TypeError('bug in provider');
      },
    };
    const { app } = createTestApp({ provider: throwing });
    expect((await passFirstFactor(request.agent(app))).status).toBe(503);
    const rejecting: SmsProvider = { name: 'odd', send: () => Promise.reject('nope') };
    const second = createTestApp({ provider: rejecting });
    expect((await passFirstFactor(request.agent(second.app))).status).toBe(503);
  });

  it('reports a provider failure by its code, never by a message that may quote the number or the text', async () => {
    const events: SmsOtpEvent[] = [];
    const quoting: SmsProvider = {
      name: 'quoting',
      send: async (message) => {
        throw new SmsSendError(`The 'To' number ${message.to} is not valid: ${message.body}`, { provider: 'quoting', retryable: false, status: 400, code: 21211 });
      },
    };
    const { app, outbox } = createTestApp({ provider: quoting, strategy: { onEvent: (event) => void events.push(event) } });
    expect((await passFirstFactor(request.agent(app))).status).toBe(503);
    expect(outbox.messages).toHaveLength(0);
    expect(events).toEqual([expect.objectContaining({ type: 'send_failed', reason: 'code_21211', mobile: '•••••••0123' })]);
    expect(JSON.stringify(events)).not.toMatch(/2015550123|one-time password/);
  });

  it('tries the next provider in the list after a retryable failure', async () => {
    const { provider: failing } = switchableProvider();
    const { provider: working, sent, state } = switchableProvider();
    state.failing = false;
    const { app } = createTestApp({ provider: [failing, working] });
    expect((await passFirstFactor(request.agent(app))).status).toBe(200);
    expect(sent).toHaveLength(1);
  });
});
