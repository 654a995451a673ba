import request from 'supertest';
import { SmsSendError, type SmsOtpEvent, type SmsProvider, type SmsSendFailure } from '../lib';
import { judgeFailedSend } from '../lib/flow/failedSend';
import { bob, createTestApp, passFirstFactor } from './support/testApp';

/** A provider that fails with these facts while `state.failing`, and otherwise sends. */
function failingWith(failure: Omit<SmsSendFailure, 'provider'>, name = 'gateway') {
  const sent: string[] = [];
  const state = { failing: true };
  const provider: SmsProvider = {
    name,
    send: async (message) => {
      if (state.failing) throw new SmsSendError(`${name} refused the message`, { provider: name, ...failure });
      sent.push(message.to);
    },
  };
  return { provider, sent, state };
}

/** The page's text as a user reads it. */
const readable = (html: string): string => html.replace(/&#39;/g, "'");

const INVALID_NUMBER = { retryable: false, status: 400, code: 21211, fault: 'recipient' } as const;
const BAD_CREDENTIALS = { retryable: false, status: 401, code: 20003 } as const;
const SERVER_ERROR = { retryable: true, status: 500 } as const;

describe('when the provider fails to send', () => {
  it('shows a 503 page with a retry control, keeps the sign-in, and a retry works at once', async () => {
    const events: SmsOtpEvent[] = [];
    const { provider, sent, state } = failingWith(SERVER_ERROR);
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
    const { provider, sent, state } = failingWith(SERVER_ERROR);
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
    const { provider: failing } = failingWith(SERVER_ERROR);
    const { provider: working, sent, state } = failingWith(SERVER_ERROR);
    state.failing = false;
    const { app } = createTestApp({ provider: [failing, working] });
    expect((await passFirstFactor(request.agent(app))).status).toBe(200);
    expect(sent).toHaveLength(1);
  });
});

describe('what the page says after a failed send', () => {
  it('a number that cannot receive texts: "We can\'t send a text to this number", and no "try again"', async () => {
    const { provider } = failingWith(INVALID_NUMBER);
    const page = await passFirstFactor(request.agent(createTestApp({ provider }).app));

    expect(page.status).toBe(503);
    expect(readable(page.text)).toContain("We can't send a text to this number (•••••••0123). Please contact support to update it.");
    expect(page.text).not.toMatch(/try again/i);
    expect(page.text).not.toContain('name="resend"');
  });

  it.each([
    ['credentials the gateway refused (401)', BAD_CREDENTIALS],
    ['a refusal of unknown cause that a try would not change (400)', { retryable: false, status: 400 }],
  ])('%s: "We can\'t send texts right now", and no "try again"', async (_label, failure) => {
    const { provider } = failingWith(failure);
    const page = await passFirstFactor(request.agent(createTestApp({ provider }).app));

    expect(page.status).toBe(503);
    expect(readable(page.text)).toContain("We can't send texts right now. Please contact support if this continues.");
    expect(page.text).not.toMatch(/try again/i);
  });

  it('a failure a try could mend (a 5xx, a timeout, throttling): "Please try again", with the button', async () => {
    const { provider } = failingWith(SERVER_ERROR);
    const page = await passFirstFactor(request.agent(createTestApp({ provider }).app));

    expect(page.status).toBe(503);
    expect(page.text).toContain('Please try again.');
    expect(page.text).toContain('name="resend"');
  });

  it('keeps the sign-in after a set-up failure: once the provider is fixed, the prompt sends the code', async () => {
    const { provider, sent, state } = failingWith(BAD_CREDENTIALS);
    const agent = request.agent(createTestApp({ provider }).app);
    expect((await passFirstFactor(agent)).status).toBe(503);

    state.failing = false;
    const prompt = await agent.get('/login/sms');
    expect(prompt.status).toBe(200);
    expect(sent).toEqual(['+12015550123']);
  });

  it('asks for another number when the one just given cannot receive texts, and the sign-in goes on with it', async () => {
    const users = [{ ...bob }];
    const failing = new Set(['+12015550144']);
    const sent: string[] = [];
    const provider: SmsProvider = {
      name: 'gateway',
      send: async (message) => {
        if (failing.has(message.to)) throw new SmsSendError('gateway refused the message', { provider: 'gateway', ...INVALID_NUMBER });
        sent.push(message.to);
      },
    };
    const { app } = createTestApp({ users, provider, strategy: { enrollment: { saveMobile: () => undefined } } });
    const agent = request.agent(app);
    await passFirstFactor(agent, bob);

    const form = await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0144' });
    expect(form.status).toBe(503);
    expect(readable(form.text)).toContain("We can't send a text to this number. Enter another mobile number.");
    expect(form.text).toContain('name="mobile"');
    await agent.post('/login/sms').type('form').send({ mobile: '+1 201 555 0155' }).expect(303);
    expect(sent).toEqual(['+12015550155']);
  });

  describe('with failover, every provider\'s failure counts', () => {
    const judged = (...failures: Omit<SmsSendFailure, 'provider'>[]) => judgeFailedSend(failures.map((failure) => new SmsSendError('failed', { provider: 'p', ...failure })));

    it('a failure about the number from any provider means the number is the problem', () => {
      expect(judged(SERVER_ERROR, INVALID_NUMBER)).toBe('recipient');
      expect(judged(INVALID_NUMBER)).toBe('recipient');
    });

    it('otherwise, a retryable failure from any provider means a try again may work', () => {
      expect(judged(SERVER_ERROR, BAD_CREDENTIALS)).toBe('retry');
      expect(judged({ retryable: true, code: 'timeout' })).toBe('retry');
    });

    it('and permanent failures only mean texts cannot go out now', () => {
      expect(judged(BAD_CREDENTIALS)).toBe('unavailable');
      expect(judged({ retryable: false, status: 400 })).toBe('unavailable');
    });

    it('a backup that refuses the number after a primary that is down shows the number page', async () => {
      const primary = failingWith(SERVER_ERROR, 'primary');
      const backup = failingWith(INVALID_NUMBER, 'backup');
      const page = await passFirstFactor(request.agent(createTestApp({ provider: [primary.provider, backup.provider] }).app));

      expect(readable(page.text)).toContain("We can't send a text to this number");
    });

    it('a backup with bad credentials after a primary that is down still says "Please try again"', async () => {
      const primary = failingWith(SERVER_ERROR, 'primary');
      const backup = failingWith(BAD_CREDENTIALS, 'backup');
      const page = await passFirstFactor(request.agent(createTestApp({ provider: [primary.provider, backup.provider] }).app));

      expect(page.text).toContain('Please try again.');
    });
  });
});
