import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import type { SmsProvider } from '../lib';
import { DELIVERY_PAGES, drawPage, RECOVERY_PAGES } from './support/promptPage';
import { alice, createTestApp, passFirstFactor } from './support/testApp';
import { wrongCode } from './support/twoInstances';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'error', 'input-missing-label': 'error' } });

async function expectValid(html: string): Promise<void> {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);
}

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('the default prompt', () => {
  const view = readFileSync(path.join(__dirname, '..', 'views', 'sms-otp.ejs'), 'utf8');

  it('has no inline style attribute or script, and styles itself under a strict CSP through res.locals.cspNonce', async () => {
    const { app } = createTestApp({ middleware: [(_req, res, next) => ((res.locals.cspNonce = 'r4nd0m'), next())] });
    const page = await passFirstFactor(request.agent(app), alice);
    expect(page.text).toContain('<style nonce="r4nd0m">');
    expect(page.text).not.toMatch(/<script|\sstyle="/);
    await expectValid(page.text);
    const { app: plain } = createTestApp();
    expect((await passFirstFactor(request.agent(plain), alice)).text).toContain('<style>');
  });

  it('draws a focus ring of at least 3:1 against every background it can sit on', () => {
    const ring = /:focus-visible[^{]*\{[^}]*outline:\s*\d+px solid (#[0-9a-f]{6})/i.exec(view)?.[1];
    expect(ring).toBeDefined();
    for (const background of ['#ffffff', '#f5f6f8', '#fdecec', '#e8f4ea']) expect(contrast(ring as string, background)).toBeGreaterThanOrEqual(3);
  });

  it('ties the error to the field it is about, and calls numeric codes digits', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ code: '12' });
    const malformed = await agent.get('/login/sms');
    expect(malformed.text).toContain('Enter the 6-digit code from the text message.');
    expect(malformed.text).toMatch(/<p class="error" id="sms-otp-error" role="alert">/);
    expect(malformed.text).toMatch(/id="sms-otp-code"[^>]*aria-invalid="true" aria-describedby="sms-otp-error sms-otp-hint"/);
    await agent.post('/login/sms').type('form').send({ code: wrongCode(outbox.latestCode()) });
    await expectValid((await agent.get('/login/sms')).text);
  });

  it('says the cooldown once after a refused resend', async () => {
    const { app } = createTestApp({ strategy: { resendCooldownSeconds: 30 } });
    const agent = request.agent(app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ resend: '1' });
    const page = await agent.get('/login/sms');
    expect(page.text.match(/seconds/g)).toHaveLength(1);
    expect(page.text).toMatch(/Please wait \d+ seconds/);
    const reload = await agent.get('/login/sms');
    expect(reload.text).toMatch(/You can ask for a new code in \d+ seconds/);
  });

  it('gives blocked and failure pages headings of their own', async () => {
    const down: SmsProvider = { name: 'down', send: () => Promise.reject(new Error('down')) };
    const failed = await passFirstFactor(request.agent(createTestApp({ provider: down }).app), alice);
    expect(failed.text).toContain('<h1>We could not send your code</h1>');
    const { app, outbox } = createTestApp({ strategy: { lockout: { maxFailures: 1 } } });
    const agent = request.agent(app);
    await passFirstFactor(agent, alice);
    await agent.post('/login/sms').type('form').send({ code: wrongCode(outbox.latestCode()) });
    const locked = await agent.get('/login/sms');
    expect(locked.status).toBe(423);
    expect(locked.text).toContain('<h1>Text-message verification is not possible right now</h1>');
    expect(locked.text).not.toContain('<h1>Enter your verification code</h1>');
    await expectValid(locked.text);
  });

  it.each(Object.entries(RECOVERY_PAGES))('labels every field of %s, under one heading, in the page’s language, styled only through the nonce', async (_name, fields) => {
    const { page, view } = await drawPage(fields, { lang: 'fr', locals: { cspNonce: 'r4nd0m', csrfToken: 'csrf-token' } });
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
    expect(page.text).toContain(`<title>${view.text.title}</title>`);
    expect(page.text).toContain('<style nonce="r4nd0m">');
    expect(page.text).not.toMatch(/<script|\sstyle="/);
    await expectValid(page.text);
  });

  it.each(Object.entries(DELIVERY_PAGES))('labels every field and button of %s, says its delivery in a polite live region, and runs script only under the nonce', async (_name, fields) => {
    const { page } = await drawPage(fields, { lang: 'de', locals: { cspNonce: 'r4nd0m', csrfToken: 'csrf-token' } });
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="de">/);
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
    expect(page.text).toMatch(/<p [^>]*id="sms-otp-delivery" role="status" aria-live="polite"/);
    for (const [, label] of page.text.matchAll(/<button [^>]*>([^<]*)<\/button>/g)) expect(label.trim()).not.toBe('');
    expect([...page.text.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes)).toEqual(fields.delivery === 'accepted' ? [' nonce="r4nd0m"'] : []);
    expect(page.text).not.toMatch(/\sstyle="|\son[a-z]+=/);
    await expectValid(page.text);
  });

  it('draws the "Done" link of the new recovery codes as a button whose text stands out at 4.5:1 or more', () => {
    const rule = /a\.button \{([^}]*)\}/.exec(view)?.[1] ?? '';
    const background = /background: (#[0-9a-f]{6});/i.exec(rule)?.[1];
    const color = /\scolor: (#[0-9a-f]{6});/i.exec(rule)?.[1];
    expect(background && color && contrast(color, background)).toBeGreaterThanOrEqual(4.5);
  });
});
