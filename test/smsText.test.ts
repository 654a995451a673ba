import request from 'supertest';
import { humanDuration } from '../lib/i18n/humanDuration';
import { composeSmsText } from '../lib/sms/composeSmsText';
import { createTestApp, passFirstFactor } from './support/testApp';

const base = { messageTemplate: 'Your one-time password for {{appName}} is {{code}}. It expires in {{expiry}}.', appName: 'Acme', webOtpDomain: undefined };

describe('the text message', () => {
  it.each([
    [300, '5 minutes'],
    [60, '1 minute'],
    [45, '45 seconds'],
    [1, '1 second'],
    [90, '1 minute 30 seconds'],
    [3600, '1 hour'],
    [86_400, '24 hours'],
  ])('writes %i seconds as "%s", never "0 minutes"', (seconds, words) => {
    expect(humanDuration(seconds)).toBe(words);
  });

  it('fills in code, appName and expiry', () => {
    expect(composeSmsText(base, '482913', 300)).toBe('Your one-time password for Acme is 482913. It expires in 5 minutes.');
    expect(composeSmsText(base, '482913', 45)).toContain('It expires in 45 seconds.');
  });

  it('accepts spaces inside the braces and replaces every occurrence', () => {
    const text = composeSmsText({ ...base, messageTemplate: '{{ code }} is your {{appName}} code ({{code}})' }, '1234', 300);
    expect(text).toBe('1234 is your Acme code (1234)');
  });

  it('does not fill placeholders found inside values', () => {
    expect(composeSmsText({ ...base, appName: '{{code}}' }, '1234', 300)).toBe('Your one-time password for {{code}} is 1234. It expires in 5 minutes.');
  });

  it('ends with exactly "@domain #code" when webOtpDomain is set', () => {
    const text = composeSmsText({ ...base, webOtpDomain: 'acme.example' }, '482913', 300);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('@acme.example #482913');
    expect(lines[0]).toBe('Your one-time password for Acme is 482913. It expires in 5 minutes.');
  });

  it('says when a code sent late in the sign-in stops working: with the sign-in', async () => {
    let now = Date.now();
    const { app, outbox } = createTestApp({ strategy: { expirySeconds: 300, pendingTimeoutSeconds: 600, resendCooldownSeconds: 0, clock: () => now } });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    expect(outbox.messages[0].body).toContain('It expires in 5 minutes.');
    now += 420_000;
    await agent.post('/login/sms').type('form').send({ resend: '1' }).expect(303);
    expect(outbox.messages[1].body).toContain('It expires in 3 minutes.');
  });

  it('is what the provider receives', async () => {
    const { app, outbox } = createTestApp({ strategy: { webOtpDomain: 'acme.example', expirySeconds: 120 } });
    await passFirstFactor(request.agent(app));
    const [message] = outbox.messages;
    const code = outbox.latestCode();
    expect(message.body).toBe(`Your one-time password for Acme is ${code}. It expires in 2 minutes.\n\n@acme.example #${code}`);
  });
});
