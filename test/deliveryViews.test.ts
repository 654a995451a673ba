// Issue 20: the code prompt as the package's view draws it (and an app's layout around its partial)
// when the text's provider sends delivery receipts: the live delivery state, "Call me instead", the
// honest prompt after a failed text, and the script that follows the delivery under a CSP nonce.
import express from 'express';
import { HtmlValidate } from 'html-validate';
import type { Page } from 'playwright-core';
import { en } from '../lib/i18n/en';
import { fillPlaceholders } from '../lib/i18n/fillPlaceholders';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import type { PromptView } from '../lib/view/PromptView';
import { chromiumAvailable } from './support/browser';
import { drawPage, promptPageApp, type DrawOptions, type PageFields } from './support/promptPage';
import { useBrowserServing } from './support/useBrowser';

const MASKED = '•••••••0199';
const RECOVERY_URL = '/login/sms?recovery';
const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
const CLOCK_START = Date.parse('2030-01-01T08:00:00Z');
const FAILED = fillPlaceholders(en.messages.deliveryFailed, { mobile: MASKED });
const NO_TEXTS = fillPlaceholders(en.messages.cannotReceiveTexts, { mobile: MASKED });

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'error', 'input-missing-label': 'error' } });

async function expectValid(html: string): Promise<void> {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);
}

/** Text of an attribute or element as the browser reads it from ejs's escaping. */
function unescaped(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attributeOf(attributes: string, name: string): string | undefined {
  const value = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
  return value === undefined ? undefined : unescaped(value);
}

interface Button {
  readonly name?: string;
  readonly value?: string;
  readonly text: string;
}

/** The form that posts "Send a new code" and "Call me instead" (the page's second form): its wait hint and buttons. */
function resendForm(html: string): { hints: string[]; buttons: Button[] } {
  const form = [...html.matchAll(/<form [^>]*>([\s\S]*?)<\/form>/g)][1]?.[1];
  if (form === undefined) throw new Error(`no second form in: ${html}`);
  return {
    hints: [...form.matchAll(/<p class="hint">([^<]*)<\/p>/g)].map(([, text]) => unescaped(text)),
    buttons: [...form.matchAll(/<button ([^>]*)>([^<]*)<\/button>/g)].map(([, attributes, text]) => {
      const name = attributeOf(attributes, 'name');
      return name === undefined ? { text: unescaped(text) } : { name, value: attributeOf(attributes, 'value'), text: unescaped(text) };
    }),
  };
}

/** The live delivery state's element: its words, or `undefined` when the page has none. */
function deliveryState(html: string): string | undefined {
  const text = /<p [^>]*id="sms-otp-delivery"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
  return text === undefined ? undefined : unescaped(text);
}

/** The attributes of each `<script>` of the page. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes);
}

function links(html: string): { href: string; text: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => ({ href: unescaped(href), text: unescaped(text) }));
}

const RESEND: Button = { name: 'resend', value: '1', text: 'Send a new code' };
const CALL: Button = { name: 'call', value: '1', text: 'Call me instead' };
const WAIT_30 = 'You can ask for a new code in 30 seconds.';

const prompt: PageFields = { state: 'prompt', status: 200, mobile: MASKED, canResend: true };

describe('the delivery state of the code prompt', () => {
  it.each([
    { delivery: undefined, shows: undefined, says: 'is not drawn without receipts' },
    { delivery: 'accepted', shows: '', says: 'is an empty live region while the text is on its way' },
    { delivery: 'delivered', shows: 'Delivered', says: 'says "Delivered"' },
    { delivery: 'failed', shows: 'Not delivered', says: 'says "Not delivered"' },
  ] as const)('$says (delivery $delivery), drawn by the server, so a reload shows it', async ({ delivery, shows }) => {
    const { page, view } = await drawPage({ ...prompt, delivery });
    expect(view.delivery).toBe(delivery ?? null);
    expect(deliveryState(page.text)).toBe(shows);
    if (shows !== undefined) expect(page.text).toContain(`<p class="hint" id="sms-otp-delivery" role="status" aria-live="polite" data-poll="/login/sms" data-delivered="Delivered">${shows}</p>`);
    expect(resendForm(page.text)).toEqual({ hints: [], buttons: [RESEND] });
    await expectValid(page.text);
  });

  it('sits right after "We sent a code…", before the code form', async () => {
    const { page } = await drawPage({ ...prompt, delivery: 'accepted' });
    const order = ['We sent a code by text message', 'id="sms-otp-delivery"', '<form '].map((marker) => page.text.indexOf(marker));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(0);
  });
});

describe('"Call me instead"', () => {
  it('is a second button of the resend form, beside "Send a new code", under the same wait', async () => {
    const { page } = await drawPage({ ...prompt, delivery: 'accepted', canCall: true, resendWaitSeconds: 30 });
    expect(resendForm(page.text)).toEqual({ hints: [WAIT_30], buttons: [RESEND, CALL] });
    expect(page.text).toContain('<button type="submit" name="call" value="1">Call me instead</button>');
    await expectValid(page.text);
  });

  it('is offered on a prompt without receipts too, and never without canCall', async () => {
    expect(resendForm((await drawPage({ ...prompt, canCall: true })).page.text).buttons).toEqual([RESEND, CALL]);
    expect(resendForm((await drawPage({ ...prompt, delivery: 'failed', canCall: false })).page.text).buttons).toEqual([RESEND]);
  });

  it('is not offered once no resend is left: a call is a resend', async () => {
    const { page } = await drawPage({ ...prompt, canResend: false, canCall: true, resendWaitSeconds: 30, delivery: 'failed', error: FAILED });
    expect(resendForm(page.text)).toEqual({ hints: [], buttons: [] });
  });

  it('posts the field the fields option names', async () => {
    const { page } = await drawPage({ ...prompt, canCall: true }, { strategy: { fields: { call: 'phone_me' } } });
    expect(resendForm(page.text).buttons).toEqual([RESEND, { ...CALL, name: 'phone_me' }]);
  });
});

describe('the prompt after the text failed', () => {
  const failed: PageFields = { ...prompt, delivery: 'failed', error: FAILED, resendWaitSeconds: 0, recoveryUrl: RECOVERY_URL };

  it('says so as an error, and offers "Send a new code" and "Call me instead" at once, with no wait', async () => {
    const { page } = await drawPage({ ...failed, canCall: true });
    expect(page.text).toContain(`<p class="error" id="sms-otp-error" role="alert">${FAILED}</p>`);
    expect(deliveryState(page.text)).toBe('Not delivered');
    expect(resendForm(page.text)).toEqual({ hints: [], buttons: [RESEND, CALL] });
    expect(links(page.text)).toEqual([
      { href: RECOVERY_URL, text: "Can't use your phone? Use a recovery code" },
      { href: '/login', text: 'Sign in again' },
    ]);
    await expectValid(page.text);
  });

  it('offers only the call and the recovery link when the number cannot receive texts', async () => {
    const { page } = await drawPage({ ...failed, error: NO_TEXTS, cannotReceiveTexts: true, canCall: true });
    expect(page.text).toContain(`<p class="error" id="sms-otp-error" role="alert">${NO_TEXTS}</p>`);
    expect(resendForm(page.text)).toEqual({ hints: [], buttons: [CALL] });
    expect(page.text).not.toContain('Send a new code');
    expect(links(page.text)[0]).toEqual({ href: RECOVERY_URL, text: "Can't use your phone? Use a recovery code" });
    await expectValid(page.text);
  });

  it('offers no new text, no wait and no call when the number cannot receive texts and nothing can call; the help text when the user has no recovery codes', async () => {
    const { page } = await drawPage({ ...failed, error: NO_TEXTS, cannotReceiveTexts: true, canCall: false, resendWaitSeconds: 30, recoveryUrl: undefined, recoveryHelp: en.messages.noRecoveryCodes });
    expect(resendForm(page.text)).toEqual({ hints: [], buttons: [] });
    expect(page.text).toContain(`<p>${en.messages.noRecoveryCodes}</p>`);
    expect(links(page.text)).toEqual([{ href: '/login', text: 'Sign in again' }]);
  });

  it('keeps the wait on the call when the number cannot receive texts and the cooldown runs', async () => {
    const { page } = await drawPage({ ...failed, error: NO_TEXTS, cannotReceiveTexts: true, canCall: true, resendWaitSeconds: 30 });
    expect(resendForm(page.text)).toEqual({ hints: [WAIT_30], buttons: [CALL] });
  });
});

describe('the script that follows the delivery', () => {
  it.each([
    { delivery: 'accepted', cspNonce: NONCE, script: true, case: 'is drawn, carrying the nonce, while the text is on its way' },
    { delivery: 'accepted', cspNonce: undefined, script: false, case: 'is not drawn without a nonce' },
    { delivery: 'delivered', cspNonce: NONCE, script: false, case: 'is not drawn once the text was delivered' },
    { delivery: 'failed', cspNonce: NONCE, script: false, case: 'is not drawn once the text failed' },
    { delivery: undefined, cspNonce: NONCE, script: false, case: 'is not drawn without receipts' },
  ] as const)('$case, by the package and in an app’s layout', async ({ delivery, cspNonce, script }) => {
    for (const render of ['package', 'app'] as const) {
      const { page } = await drawPage({ ...prompt, delivery }, { strategy: { render }, locals: { cspNonce } });
      expect(scripts(page.text)).toEqual(script ? [` nonce="${NONCE}"`] : []);
    }
  });

  it('has no inline event handler and no eval, writes with textContent, and asks the page’s own URL for JSON with the session cookie', async () => {
    const { page } = await drawPage({ ...prompt, delivery: 'accepted' }, { locals: { cspNonce: NONCE } });
    const script = /<script[^>]*>([\s\S]*?)<\/script>/.exec(page.text)?.[1] ?? '';
    expect(script).toContain("fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })");
    expect(script).toContain('status.textContent = ');
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|setTimeout\(['"]/);
    expect(page.text).not.toMatch(/\son[a-z]+=/);
  });

  it('polls the URL the forms post to, query included, and escapes the words it writes', async () => {
    const hostile = `"><script>alert('x')</script>`;
    const { page, view } = await drawPage({ ...prompt, delivery: 'accepted' }, { path: '/login/sms?next=%2Faccount&step=2', strategy: { messages: { delivered: hostile } }, locals: { cspNonce: NONCE } });
    const status = /<p ([^>]*)id="sms-otp-delivery"([^>]*)>/.exec(page.text)?.[0] ?? '';
    expect(attributeOf(status, 'data-poll')).toBe(view.action);
    expect(view.action).toBe('/login/sms?next=%2Faccount&step=2');
    expect(attributeOf(status, 'data-delivered')).toBe(hostile);
    expect(page.text).not.toContain('<script>alert');
    await expectValid(page.text);
  });
});

describe('in each shipped language', () => {
  it.each(Object.values(SHIPPED_LOCALES).map((locale) => [locale.tag, locale] as const))('%s draws the call, the delivered state and the failed state in its words', async (tag, locale) => {
    const waiting = unescaped((await drawPage({ ...prompt, delivery: 'accepted', canCall: true }, { lang: tag })).page.text);
    expect(waiting).toContain(`data-delivered="${locale.messages.delivered}"`);
    expect(waiting).toContain(`value="1">${locale.messages.callMe}</button>`);
    expect(deliveryState((await drawPage({ ...prompt, delivery: 'delivered' }, { lang: tag })).page.text)).toBe(locale.messages.delivered);
    expect(deliveryState((await drawPage({ ...prompt, delivery: 'failed' }, { lang: tag })).page.text)).toBe(locale.messages.notDelivered);
  });
});

describe("render: 'app', the app's layout around the package's partial", () => {
  const app: DrawOptions = { strategy: { render: 'app' }, locals: { csrfToken: 'csrf-t0ken', cspNonce: NONCE } };

  it('draws the delivery state, both buttons with the CSRF token, and the script under the nonce', async () => {
    const { page, view } = await drawPage({ ...prompt, delivery: 'accepted', canCall: true }, app);
    expect(page.text).toContain('<header class="site-header">Signed in as alice</header>');
    expect(page.text).toContain(`<h1>${view.text.heading}</h1>`);
    expect(deliveryState(page.text)).toBe('');
    expect(resendForm(page.text).buttons).toEqual([RESEND, CALL]);
    expect(page.text.match(/name="_csrf" value="csrf-t0ken"/g)).toHaveLength(2);
    expect(scripts(page.text)).toEqual([` nonce="${NONCE}"`]);
    await expectValid(page.text);
  });

  it('draws the prompt of a number that cannot receive texts with only the call', async () => {
    const { page } = await drawPage({ ...prompt, delivery: 'failed', error: NO_TEXTS, cannotReceiveTexts: true, canCall: true, recoveryUrl: RECOVERY_URL }, app);
    expect(resendForm(page.text).buttons).toEqual([CALL]);
    expect(deliveryState(page.text)).toBe('Not delivered');
    await expectValid(page.text);
  });
});

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('the delivery state in a real browser, under a nonce-only Content-Security-Policy', () => {
  const browser = useBrowserServing();

  /** What the served app saw: the page's loads, and each JSON request with its headers. */
  interface Served {
    readonly url: string;
    readonly pageLoads: string[];
    readonly polls: { url: string; accept: string | undefined; cookie: string | undefined }[];
    /** What the next JSON answer and the next page say. */
    delivery: NonNullable<PromptView['delivery']>;
  }

  /**
   * A tiny app: GETs with `Accept: application/json` answer `{ delivery, canCall }`, the others
   * draw the prompt (error and buttons following `delivery`), each with a fresh nonce that the CSP
   * allows alone; `drawnNonce` draws the page with another nonce than the CSP's.
   */
  async function serve(drawnNonce?: string): Promise<Served> {
    const served: Omit<Served, 'url'> = { pageLoads: [], polls: [], delivery: 'accepted' };
    let nonce = '';
    const fields = (): PageFields => ({
      ...prompt,
      delivery: served.delivery,
      canCall: true,
      error: served.delivery === 'failed' ? FAILED : undefined,
      resendWaitSeconds: served.delivery === 'failed' ? 0 : 30,
    });
    const { app } = promptPageApp(fields, { strategy: { appName: 'Acme' } });
    app.set('etag', false);
    let count = 0;
    const server = express()
      .use((req, res, next) => {
        if (req.get('accept') === 'application/json') {
          served.polls.push({ url: req.originalUrl, accept: req.get('accept'), cookie: req.get('cookie') });
          res.json({ delivery: served.delivery, canCall: true });
          return;
        }
        count += 1;
        nonce = Buffer.from(`nonce-${count}-of-the-test`).toString('base64');
        res.locals.cspNonce = drawnNonce ?? nonce;
        served.pageLoads.push(req.originalUrl);
        res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; base-uri 'none'`);
        res.cookie('sid', 'session-of-alice', { httpOnly: true, sameSite: 'lax' });
        next();
      }, app);
    const origin = await browser.serve(server);
    return Object.assign(served, { url: `${origin}/login/sms?next=%2Faccount` });
  }

  /**
   * A page whose clock stands still until the test moves it, with each CSP violation it reports
   * (kept across reloads). The clock is the browser context's: one such page open at a time.
   */
  async function openPage(): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (violation: string) => violations.push(violation));
    await page.addInitScript("document.addEventListener('securitypolicyviolation', (event) => window.reportViolation(event.violatedDirective + ' ' + event.blockedURI))");
    await page.clock.install({ time: CLOCK_START });
    await page.clock.pauseAt(CLOCK_START + 1000);
    return { page, violations };
  }

  /** Moves the page's clock on, half a second at a time (the page's promises settling between), until `done`. */
  async function advanceUntil(page: Page, done: () => boolean, what: string): Promise<void> {
    for (let step = 0; step < 200; step += 1) {
      if (done()) return;
      await page.clock.runFor(500);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the page never ${what}`);
  }

  /** Lets the page's clock run for `ms` more (and real time settle), for what must not happen. */
  async function runFor(page: Page, ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
      await page.clock.runFor(1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports a script or style under another nonce as a violation (so the checks below can fail)', async () => {
    const served = await serve('bm90LXRoZS1ub25jZQ==');
    const { page, violations } = await openPage();
    await page.goto(served.url);
    await advanceUntil(page, () => violations.length >= 2, 'reported its blocked script and style');
    expect(violations.map((violation) => violation.split(' ')[0]).sort()).toEqual(['script-src-elem', 'style-src-elem']);
    await runFor(page, 10_000);
    expect(served.polls).toEqual([]);
  });

  it('writes "Delivered" without a reload once the JSON answer switches from accepted, asks every 3 s with the session cookie, then stops', async () => {
    const served = await serve();
    const { page, violations } = await openPage();
    await page.goto(served.url);
    const status = page.locator('#sms-otp-delivery');
    expect(await status.textContent()).toBe('');
    expect(await page.evaluate('getComputedStyle(document.getElementById("sms-otp-delivery")).fontSize')).toBe('14.4px');
    await page.evaluate('window.drawnOnce = true');

    await page.clock.runFor(2900);
    expect(served.polls).toHaveLength(0);
    await advanceUntil(page, () => served.polls.length === 1, 'asked for its delivery');
    expect(await status.textContent()).toBe('');
    served.delivery = 'delivered';
    await advanceUntil(page, () => served.polls.length === 2, 'asked again');
    await page.waitForFunction('document.getElementById("sms-otp-delivery").textContent === "Delivered"');

    expect(served.polls).toEqual([
      { url: '/login/sms?next=%2Faccount', accept: 'application/json', cookie: 'sid=session-of-alice' },
      { url: '/login/sms?next=%2Faccount', accept: 'application/json', cookie: 'sid=session-of-alice' },
    ]);
    expect(await page.evaluate('window.drawnOnce')).toBe(true);
    await runFor(page, 30_000);
    expect(served.polls).toHaveLength(2);
    expect(served.pageLoads).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  it('reloads once when the text failed: the page the server draws then says so and offers a new text and a call, and follows nothing more', async () => {
    const served = await serve();
    const { page, violations } = await openPage();
    await page.goto(served.url);
    await advanceUntil(page, () => served.polls.length === 1, 'asked for its delivery');
    served.delivery = 'failed';
    await advanceUntil(page, () => served.pageLoads.length === 2, 'reloaded');
    await page.waitForLoadState('load');

    expect(await page.locator('#sms-otp-error').textContent()).toBe(FAILED);
    expect(await page.locator('#sms-otp-delivery').textContent()).toBe('Not delivered');
    expect(await page.getByRole('button', { name: 'Send a new code' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Call me instead' }).isVisible()).toBe(true);
    expect(await page.getByText('You can ask for a new code in').count()).toBe(0);
    const polls = served.polls.length;
    await runFor(page, 30_000);
    expect(served.polls).toHaveLength(polls);
    expect(served.pageLoads).toEqual(['/login/sms?next=%2Faccount', '/login/sms?next=%2Faccount']);
    expect(violations).toEqual([]);
  });

  it('keeps asking while the text is on its way, and stops after 2 minutes', async () => {
    const served = await serve();
    const { page } = await openPage();
    await page.goto(served.url);
    await page.clock.fastForward('01:00');
    await advanceUntil(page, () => served.polls.length === 2, 'kept asking within 2 minutes');

    await page.close();
    const late = await openPage();
    const before = served.polls.length;
    await late.page.goto(served.url);
    await late.page.clock.fastForward('02:00');
    await advanceUntil(late.page, () => served.polls.length === before + 1, 'asked its one due question');
    await runFor(late.page, 30_000);
    expect(served.polls).toHaveLength(before + 1);
    expect(await late.page.locator('#sms-otp-delivery').textContent()).toBe('');
  });
});
