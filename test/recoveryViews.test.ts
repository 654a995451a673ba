// Issue 19: the pages of recovery codes and of a held user, as the package's view draws them (and
// an app's layout around its partial): the words, the forms' fields, the codes' download, escaping.
import { readFileSync } from 'node:fs';
import express from 'express';
import { HtmlValidate } from 'html-validate';
import { en } from '../lib/i18n/en';
import type { PromptMessages } from '../lib/i18n/messages';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import type { PromptView } from '../lib/view/PromptView';
import { chromiumAvailable } from './support/browser';
import { drawPage, promptPageApp, type DrawOptions, type PageFields } from './support/promptPage';
import { useBrowserServing } from './support/useBrowser';

const RECOVERY_URL = '/login/sms?recovery';
const CODE_URL = '/login/sms';
const HELP = 'You have no recovery codes. Call Acme support on 0800 123 456.';
const CODES = ['ABCD-EFGH-JKMN-PQRS', '2345-6789-ABCD-EFGH', 'JKMN-PQRS-TUVW-XYZ2', 'WXYZ-2345-6789-ABCD', 'MNPQ-RSTU-VWXY-Z234'];
const CSRF = 'csrf-t0ken';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'error' } });

async function expectValid(html: string): Promise<void> {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);
}

/** Text of an attribute or element as the browser reads it from ejs's escaping. */
function unescaped(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The page's element whose start tag matches `pattern` (such as `/<input[^>]*id="sms-otp-recovery-code"[^>]*>/`): its whole tag. */
function tagMatching(html: string, pattern: RegExp): string {
  const tag = pattern.exec(html)?.[0];
  if (!tag) throw new Error(`no tag ${pattern} in: ${html}`);
  return tag;
}

/** The `href` of each link, with its text, in page order. */
function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => ({ href: unescaped(href), text: unescaped(text) }));
}

/** The forms' fields (hidden ones and inputs), by name and value. */
function fieldsOf(html: string): { name: string; type: string; value?: string }[] {
  return [...html.matchAll(/<input ([^>]*)>/g)].map(([, attributes]) => {
    const attribute = (name: string) => {
      const value = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
      return value === undefined ? undefined : unescaped(value);
    };
    return { name: attribute('name') ?? '', type: attribute('type') ?? '', ...(attribute('value') === undefined ? {} : { value: attribute('value') }) };
  });
}

/** The download's file, as the browser saves it from the link's `data:` URL. */
function downloadedFile(html: string): string {
  const href = /<a href="(data:[^"]*)" download="recovery-codes\.txt">/.exec(html)?.[1];
  if (!href) throw new Error(`no download link in: ${html}`);
  const url = unescaped(href);
  const prefix = 'data:text/plain;charset=utf-8,';
  expect(url.startsWith(prefix)).toBe(true);
  return decodeURIComponent(url.slice(prefix.length));
}

const withCsrf: DrawOptions = { locals: { csrfToken: CSRF } };

/** The pages of a user who cannot get a code by text, as the flow builds them (their errors and statuses). */
const CANNOT_SEND: readonly { state: PromptView['state']; purpose: PromptView['purpose']; status: number; error: string }[] = [
  { state: 'held', purpose: 'sign_in', status: 423, error: en.messages.held },
  { state: 'blocked', purpose: 'sign_in', status: 423, error: en.messages.locked.replace('{{wait}}', '15 minutes') },
  { state: 'send_failed', purpose: 'sign_in', status: 503, error: en.messages.sendFailed.replace('{{mobile}}', '•••••••0123') },
  { state: 'enroll', purpose: 'enroll', status: 200, error: en.messages.noMobile },
];

describe('the code prompt', () => {
  const prompt: PageFields = { state: 'prompt', status: 200, mobile: '•••••••0123', canResend: true };

  it('links to the recovery code form when the user has codes ("Can\'t use your phone?"), before "Sign in again"', async () => {
    const { page } = await drawPage({ ...prompt, recoveryUrl: RECOVERY_URL });
    expect(links(page.text)).toEqual([
      { href: RECOVERY_URL, text: "Can't use your phone? Use a recovery code" },
      { href: '/login', text: 'Sign in again' },
    ]);
    await expectValid(page.text);
  });

  it('has no such link without recoveryUrl, and never the help text, which is for users who cannot get a code', async () => {
    const { page } = await drawPage({ ...prompt, recoveryHelp: HELP });
    expect(links(page.text)).toEqual([{ href: '/login', text: 'Sign in again' }]);
    expect(page.text).not.toContain(HELP);
  });
});

describe('the recovery code form', () => {
  const recovery: PageFields = { state: 'recovery', status: 200, mobile: '•••••••0123', recoveryUrl: RECOVERY_URL };

  it('asks for one recovery code: its heading and introduction, a labelled field with its hint, the CSRF token, the submit', async () => {
    const { page } = await drawPage({ ...recovery, codeUrl: CODE_URL }, { ...withCsrf, path: RECOVERY_URL });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Use a recovery code</title>');
    expect(page.text).toContain('<h1>Use a recovery code</h1>');
    expect(page.text).toContain('<p>Enter one of the recovery codes you saved. Each code works only once.</p>');
    expect(page.text).toContain('<form method="post" action="/login/sms?recovery">');
    expect(fieldsOf(page.text)).toEqual([
      { name: '_csrf', type: 'hidden', value: CSRF },
      { name: 'recoveryCode', type: 'text' },
    ]);
    expect(page.text).toContain('<label for="sms-otp-recovery-code">Recovery code</label>');
    const field = tagMatching(page.text, /<input [^>]*id="sms-otp-recovery-code"[^>]*>/);
    for (const attribute of ['autocomplete="off"', 'autocapitalize="characters"', 'spellcheck="false"', 'maxlength="40"', ' required', ' autofocus', 'aria-describedby="sms-otp-recovery-hint"']) {
      expect(field).toContain(attribute);
    }
    expect(field).not.toContain('aria-invalid');
    expect(page.text).toContain('<p class="hint" id="sms-otp-recovery-hint">16 letters and digits. Dashes and spaces are optional.</p>');
    expect(page.text).toContain('<button type="submit">Use this code</button>');
    expect(page.text).not.toContain('one-time-code');
    expect(links(page.text)).toEqual([
      { href: CODE_URL, text: 'Use a code sent by text message instead' },
      { href: '/login', text: 'Sign in again' },
    ]);
    await expectValid(page.text);
  });

  it('ties an error to the field, as the code field does', async () => {
    const { page } = await drawPage({ ...recovery, status: 400, error: en.messages.recoveryCodeWrong });
    expect(page.status).toBe(400);
    expect(page.text).toContain(`<p class="error" id="sms-otp-error" role="alert">${en.messages.recoveryCodeWrong}</p>`);
    expect(tagMatching(page.text, /<input [^>]*id="sms-otp-recovery-code"[^>]*>/)).toContain('aria-invalid="true" aria-describedby="sms-otp-error sms-otp-recovery-hint"');
    await expectValid(page.text);
  });

  it('names the field as fields.recoveryCode says', async () => {
    const { page } = await drawPage(recovery, { strategy: { fields: { recoveryCode: 'backup_code' } } });
    expect(fieldsOf(page.text)).toEqual([{ name: 'backup_code', type: 'text' }]);
  });

  it('shows the help text when set, has no link back without codeUrl, and offers "Sign in again" only at a sign-in or an enrollment', async () => {
    const atSignIn = (await drawPage({ ...recovery, recoveryHelp: HELP })).page.text;
    expect(atSignIn).toContain(`<p>${HELP}</p>`);
    expect(links(atSignIn)).toEqual([{ href: '/login', text: 'Sign in again' }]);
    expect(links((await drawPage({ ...recovery, purpose: 'enroll' })).page.text)).toEqual([{ href: '/login', text: 'Sign in again' }]);
    const atStepUp = (await drawPage({ ...recovery, purpose: 'step_up', codeUrl: CODE_URL })).page.text;
    expect(links(atStepUp)).toEqual([{ href: CODE_URL, text: 'Use a code sent by text message instead' }]);
    await expectValid(atStepUp);
  });
});

describe('the pages of a user who cannot get a code by text: held, locked out or over a quota, a failed send, no number on file', () => {
  it.each(CANNOT_SEND)('$state shows its message, then the link to the recovery code form', async ({ state, purpose, status, error }) => {
    const { page } = await drawPage({ state, purpose, status, error, mobile: '•••••••0123', recoveryUrl: RECOVERY_URL });
    expect(page.status).toBe(status);
    expect(page.text).toContain(`<p class="error" id="sms-otp-error" role="alert">${error}</p>`);
    expect(page.text.indexOf('role="alert"')).toBeLessThan(page.text.indexOf(RECOVERY_URL));
    expect(links(page.text)).toEqual([
      { href: RECOVERY_URL, text: "Can't use your phone? Use a recovery code" },
      { href: '/login', text: 'Sign in again' },
    ]);
    await expectValid(page.text);
  });

  it.each(CANNOT_SEND)('$state shows the help text to a user without recovery codes, never both', async ({ state, purpose, status, error }) => {
    const { page } = await drawPage({ state, purpose, status, error, mobile: '•••••••0123', recoveryHelp: HELP });
    expect(page.text).toContain(`<p>${HELP}</p>`);
    expect(links(page.text)).toEqual([{ href: '/login', text: 'Sign in again' }]);
    const both = await drawPage({ state, purpose, status, error, mobile: '•••••••0123', recoveryUrl: RECOVERY_URL, recoveryHelp: HELP });
    expect(both.page.text).not.toContain(HELP);
  });

  it('titles the page of a held user as such, with nothing to type', async () => {
    const { page } = await drawPage({ state: 'held', status: 423, error: en.messages.held, mobile: '•••••••0123', recoveryUrl: RECOVERY_URL }, withCsrf);
    expect(page.text).toContain('<title>Too many wrong codes</title>');
    expect(page.text).toContain('<h1>Too many wrong codes</h1>');
    expect(page.text).not.toMatch(/<form|<input/);
  });

  it('keeps the change of number as it was: no recovery link and no "Sign in again" for a signed-in user', async () => {
    const { page } = await drawPage({ state: 'enroll', purpose: 'change_mobile', status: 200, mobile: '' });
    expect(links(page.text)).toEqual([]);
  });
});

describe('the page offering a new set of recovery codes', () => {
  const offer: PageFields = { state: 'create_recovery_codes', status: 200, mobile: '', purpose: 'step_up', createToken: 'one-time-t0ken', doneUrl: '/security' };

  it('says a new set replaces the old, posts the one-time token with the CSRF token, and leaves by "Done"', async () => {
    const { page } = await drawPage(offer, { ...withCsrf, path: '/security/recovery-codes' });
    expect(page.text).toContain('<h1>Create new recovery codes</h1>');
    expect(page.text).toContain(`<p>${en.messages.createRecoveryCodesIntro}</p>`);
    expect(page.text).toContain('<form method="post" action="/security/recovery-codes">');
    expect(fieldsOf(page.text)).toEqual([
      { name: '_csrf', type: 'hidden', value: CSRF },
      { name: 'recoveryCodesToken', type: 'hidden', value: 'one-time-t0ken' },
    ]);
    expect(page.text).toContain('<button type="submit">Create new recovery codes</button>');
    expect(links(page.text)).toEqual([{ href: '/security', text: 'Done' }]);
    await expectValid(page.text);
  });

  it('has no "Done" link without doneUrl', async () => {
    const { page } = await drawPage({ ...offer, doneUrl: undefined });
    expect(links(page.text)).toEqual([]);
  });
});

describe('the page showing a new set of recovery codes', () => {
  const shown: PageFields = { state: 'recovery_codes', status: 200, mobile: '', purpose: 'step_up', recoveryCodes: CODES, doneUrl: '/security' };

  it('lists each code in order, each in <code>, in one copyable block', async () => {
    const { page } = await drawPage(shown);
    expect(page.text).toContain('<h1>Your recovery codes</h1>');
    expect(page.text).toContain(`<p>${en.messages.recoveryCodesIntro}</p>`);
    const list = /<ol class="recovery-codes" id="sms-otp-recovery-codes">([\s\S]*?)<\/ol>/.exec(page.text)?.[1];
    expect([...(list ?? '').matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map(([, code]) => code)).toEqual(CODES);
    await expectValid(page.text);
  });

  it('downloads them as a text file carried in the page: its title with the app name, then one code a line', async () => {
    const { page, view } = await drawPage(shown, { strategy: { appName: 'Acme' } });
    expect(downloadedFile(page.text)).toBe(`Recovery codes for Acme\n\n${CODES.join('\n')}\n`);
    expect(view.recoveryCodesFile).toMatch(/^data:text\/plain;charset=utf-8,/);
    expect(page.text).toMatch(/download="recovery-codes\.txt">Download as text<\/a>/);
  });

  it('leaves by a "Done" link drawn as a button, after the download', async () => {
    const { page } = await drawPage(shown);
    expect(page.text).toContain('<a class="button" href="/security">Done</a>');
    expect(links(page.text).map(({ text }) => text)).toEqual(['Download as text', 'Done']);
    expect(page.text).not.toMatch(/<form/);
  });

  it('titles the file in the page’s language, with the locale’s own app name when the app sets none', async () => {
    const { page } = await drawPage(shown, { lang: 'de', strategy: { appName: undefined } });
    expect(downloadedFile(page.text)).toBe(`Wiederherstellungscodes für Ihr Konto\n\n${CODES.join('\n')}\n`);
  });
});

describe('escaping', () => {
  const HOSTILE = `"><script>alert('x')</script><b a='`;

  it('escapes every string an app or a user can set: help text, token, codes, links, messages, the app name', async () => {
    const hostileMessages = { useRecoveryCode: `${HOSTILE}link`, recoveryCodeHint: `${HOSTILE}hint`, recoveryCodesDone: `${HOSTILE}done` };
    const pages = [
      await drawPage({ state: 'held', status: 423, mobile: '', error: HOSTILE, recoveryUrl: `/login/sms?recovery&x=${HOSTILE}` }, { strategy: { messages: hostileMessages } }),
      await drawPage({ state: 'blocked', status: 423, mobile: '', recoveryHelp: HOSTILE }),
      await drawPage({ state: 'recovery', status: 400, mobile: '', error: HOSTILE, codeUrl: HOSTILE, recoveryHelp: HOSTILE }, { strategy: { messages: hostileMessages } }),
      await drawPage({ state: 'create_recovery_codes', status: 200, mobile: '', createToken: HOSTILE, doneUrl: HOSTILE }, { locals: { csrfToken: HOSTILE } }),
      await drawPage({ state: 'recovery_codes', status: 200, mobile: '', recoveryCodes: [HOSTILE], doneUrl: HOSTILE }, { strategy: { appName: HOSTILE, messages: hostileMessages } }),
    ];
    for (const { page } of pages) {
      expect(page.text).not.toContain('<script>');
      expect(page.text).not.toContain(`"><`);
      expect(page.text).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
      await expectValid(page.text);
    }
    expect(fieldsOf(pages[3].page.text)).toEqual([
      { name: '_csrf', type: 'hidden', value: HOSTILE },
      { name: 'recoveryCodesToken', type: 'hidden', value: HOSTILE },
    ]);
    expect(downloadedFile(pages[4].page.text)).toBe(`Recovery codes for ${HOSTILE}\n\n${HOSTILE}\n`);
  });
});

describe('in each shipped language', () => {
  const STATES: readonly { fields: PageFields; heading: keyof PromptMessages; says: (keyof PromptMessages)[] }[] = [
    { fields: { state: 'held', status: 423, mobile: '', recoveryUrl: RECOVERY_URL }, heading: 'heldTitle', says: ['useRecoveryCode'] },
    { fields: { state: 'recovery', status: 200, mobile: '', codeUrl: CODE_URL }, heading: 'recoveryTitle', says: ['recoveryIntro', 'recoveryCodeLabel', 'recoveryCodeHint', 'recoverySubmit', 'useTextInstead'] },
    { fields: { state: 'create_recovery_codes', status: 200, mobile: '', createToken: 't', doneUrl: '/security' }, heading: 'createRecoveryCodesTitle', says: ['createRecoveryCodesIntro', 'createRecoveryCodesSubmit', 'recoveryCodesDone'] },
    { fields: { state: 'recovery_codes', status: 200, mobile: '', recoveryCodes: CODES, doneUrl: '/security' }, heading: 'recoveryCodesTitle', says: ['recoveryCodesIntro', 'recoveryCodesDownload', 'recoveryCodesDone'] },
  ];

  it.each(Object.values(SHIPPED_LOCALES).map((locale) => [locale.tag, locale] as const))('%s draws every new page in its words, under <html lang>', async (tag, locale) => {
    for (const { fields, heading, says } of STATES) {
      const html = unescaped((await drawPage(fields, { lang: tag })).page.text);
      expect(html).toContain(`<html lang="${tag}">`);
      expect(html).toContain(`<title>${locale.messages[heading]}</title>`);
      expect(html).toContain(`<h1>${locale.messages[heading]}</h1>`);
      for (const key of says) expect({ key, shown: html.includes(locale.messages[key]) }).toEqual({ key, shown: true });
    }
  });
});

describe("render: 'app', the app's layout around the package's partial", () => {
  const app: DrawOptions = { strategy: { render: 'app' }, locals: { csrfToken: CSRF, cspNonce: 'n0nce' } };

  it.each([
    { state: 'held', status: 423, recoveryUrl: RECOVERY_URL, shows: `<a href="${RECOVERY_URL}">`, forms: 0 },
    { state: 'recovery', status: 200, codeUrl: CODE_URL, shows: 'name="recoveryCode"', forms: 1 },
    { state: 'create_recovery_codes', status: 200, createToken: 't', shows: 'name="recoveryCodesToken" value="t"', forms: 1 },
    { state: 'recovery_codes', status: 200, recoveryCodes: CODES, doneUrl: '/security', shows: `<li><code>${CODES[0]}</code></li>`, forms: 0 },
  ] as const)('draws $state in the layout, with the nonce, and the CSRF token in each of its $forms form(s)', async ({ shows, forms, ...fields }) => {
    const { page, view } = await drawPage({ mobile: '', ...fields }, app);
    expect(page.status).toBe(fields.status);
    expect(page.text).toContain(`<title>${view.text.title} · Acme</title>`);
    expect(page.text).toContain('<header class="site-header">Signed in as alice</header>');
    expect(page.text).toContain(`<h1>${view.text.heading}</h1>`);
    expect(page.text).toContain('<style nonce="n0nce">');
    expect(page.text).toContain(shows);
    expect(page.text.match(/<form /g)?.length ?? 0).toBe(forms);
    expect(page.text.match(new RegExp(`name="_csrf" value="${CSRF}"`, 'g'))?.length ?? 0).toBe(forms);
    await expectValid(page.text);
  });
});

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('the new recovery codes in a real browser, under a strict Content-Security-Policy', () => {
  const browser = useBrowserServing();

  /** Serves `fields` as the package draws them, with a fresh nonce and a CSP that allows only it; answers the page's URL. */
  async function serve(fields: PageFields): Promise<string> {
    const nonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
    const { app } = promptPageApp(fields, { strategy: { appName: 'Acme' }, locals: { cspNonce: nonce } });
    app.set('etag', false);
    const server = express().use((_req, res, next) => {
      res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'`);
      next();
    }, app);
    return `${await browser.serve(server)}/security/recovery-codes`;
  }

  it('saves recovery-codes.txt with the title and the codes, styles the list in monospace, and leaves by "Done"', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(await serve({ state: 'recovery_codes', status: 200, mobile: '', recoveryCodes: CODES, doneUrl: '/security' }));
    expect(await page.locator('#sms-otp-recovery-codes li').allTextContents()).toEqual(CODES);
    expect(await page.evaluate("getComputedStyle(document.getElementById('sms-otp-recovery-codes')).fontFamily")).toMatch(/monospace/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as text' }).click()]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toBe(`Recovery codes for Acme\n\n${CODES.join('\n')}\n`);
    expect(await page.getByRole('link', { name: 'Done' }).getAttribute('href')).toBe('/security');
    expect(violations).toEqual([]);
  });

  it('focuses the labelled recovery code field, which holds a code typed with spaces', async () => {
    const page = await browser.context.newPage();
    await page.goto(await serve({ state: 'recovery', status: 200, mobile: '', codeUrl: CODE_URL }));
    const field = page.getByLabel('Recovery code');
    expect(await page.evaluate('document.activeElement.id')).toBe('sms-otp-recovery-code');
    await field.fill('abcd efgh jkmn pqrs');
    expect(await field.inputValue()).toBe('abcd efgh jkmn pqrs');
    expect(await page.getByRole('button', { name: 'Use this code' }).isVisible()).toBe(true);
  });
});
