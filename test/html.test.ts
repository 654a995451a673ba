import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import type { SmsProvider } from '../lib';
import { DELIVERY_PAGES, drawPage, RECOVERY_PAGES } from './support/promptPage';
import { bob, createTestApp, passFirstFactor } from './support/testApp';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });

async function expectValid(html: string): Promise<void> {
  const report = await validator.validateString(html);
  const problems = report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`));
  expect(problems).toEqual([]);
}

describe('the prompt pages are valid HTML', () => {
  it('when asking for the code, with an error and a notice', async () => {
    const { app } = createTestApp({ strategy: { resendCooldownSeconds: 0 } });
    const agent = request.agent(app);
    await expectValid((await passFirstFactor(agent)).text);
    await agent.post('/login/sms').type('form').send({ code: '12' });
    await agent.post('/login/sms').type('form').send({ resend: '1' });
    await agent.post('/login/sms').type('form').send({ code: '12' });
    const page = await agent.get('/login/sms');
    expect(page.text).toContain('class="error"');
    await expectValid(page.text);
  });

  it('when the send failed', async () => {
    const down: SmsProvider = { name: 'down', send: () => Promise.reject(new Error('down')) };
    const { app } = createTestApp({ provider: down });
    await expectValid((await passFirstFactor(request.agent(app))).text);
  });

  it('when the user has no mobile number', async () => {
    const { app } = createTestApp();
    await expectValid((await passFirstFactor(request.agent(app), bob)).text);
  });

  it.each(Object.entries(RECOVERY_PAGES))('for %s, with a CSRF token, drawn by the package and inside an app’s layout', async (_name, fields) => {
    for (const render of ['package', 'app'] as const) {
      const { page } = await drawPage(fields, { strategy: { render }, locals: { csrfToken: 'csrf-token', cspNonce: 'n0nce' } });
      expect(page.status).toBe(fields.status);
      await expectValid(page.text);
    }
  });

  it.each(Object.entries(DELIVERY_PAGES))('for %s, drawn by the package and inside an app’s layout, with a CSP nonce (and its script) and without', async (_name, fields) => {
    for (const render of ['package', 'app'] as const) {
      for (const cspNonce of ['n0nce', undefined]) {
        const { page } = await drawPage(fields, { strategy: { render }, locals: { csrfToken: 'csrf-token', cspNonce } });
        expect(page.text).toContain('id="sms-otp-delivery"');
        await expectValid(page.text);
      }
    }
  });
});
