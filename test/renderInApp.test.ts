// Issue 17: `render: 'app'` draws every page of the flow through the app's own `res.render`, in the
// app's layout and view engine (ejs with the package's partial, and pug with markup of its own).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { csrfSync } from 'csrf-sync';
import type { ErrorRequestHandler, Express, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { ConsoleProvider, InvalidOptionError, MemoryOtpStore, OtpStoreUnavailableError, partialsDir, SmsOtpStrategy, type SmsOtpOptions, type SmsProvider } from '../lib';
import { en } from '../lib/i18n/en';
import { SHIPPED_LOCALES } from '../lib/i18n/shippedLocales';
import { alice, bob, createTestApp, passFirstFactor, type TestAppOptions, type TestUser } from './support/testApp';
import { wrongCode } from './support/twoInstances';

const APP_VIEWS = path.join(__dirname, 'support', 'appViews');

/** The two apps: ejs including the package's partial (found through Express's `views`), and pug. */
const ENGINES = [
  { engine: 'ejs', views: [path.join(APP_VIEWS, 'ejs'), partialsDir] },
  { engine: 'pug', views: [path.join(APP_VIEWS, 'pug')] },
] as const;

type Engine = (typeof ENGINES)[number];

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
});

/** What the app's layout shows of its own: who is signed in, from res.locals. */
const accountHeader: RequestHandler = (req, res, next) => {
  const user = req.user as TestUser | undefined;
  res.locals.account = user ? `Signed in as ${user.username}` : 'Not signed in';
  next();
};

/** A fresh nonce per request, allowed by helmet's Content-Security-Policy, as the docs advise. */
const cspWithNonce: RequestHandler[] = [
  (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  },
  helmet({ contentSecurityPolicy: { directives: { styleSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`] } } }),
];

/** CSRF on every form of the flow (the test app's password step posts without a page, so it is left out). */
const csrf: RequestHandler[] = [
  (req, res, next) => (req.path === '/login' ? next() : csrfSynchronisedProtection(req, res, next)),
  (req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  },
];

/** A test app whose pages of the flow are rendered by the app, with its layout, CSP nonce and CSRF tokens. */
function appRendering(engine: Engine, strategy: SmsOtpOptions = {}, options: Omit<TestAppOptions, 'strategy' | 'middleware'> = {}) {
  const built = createTestApp({ ...options, strategy: { render: 'app', ...strategy }, middleware: [accountHeader, ...cspWithNonce, ...csrf] });
  setViews(built.app, engine);
  return built;
}

function setViews(app: Express, engine: Engine): void {
  app.set('views', engine.views);
  app.set('view engine', engine.engine);
}

/** Text as a browser reads it from either engine's escaping. */
function unescaped(html: string): string {
  return html.replace(/&#39;|&#x27;/g, "'").replace(/&#34;|&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The page is the app's: its layout, with this page's title and heading, its status, not cached, and styled under the CSP's nonce. */
function expectAppPage(page: request.Response, expected: { status: number; title: string; account: string }): void {
  expect(page.status).toBe(expected.status);
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  const html = unescaped(page.text);
  expect(html).toContain(`<title>${expected.title} · Acme</title>`);
  expect(html).toContain(`<h1>${expected.title}</h1>`);
  expect(html).toContain(`<header class="site-header">${expected.account}</header>`);
  expect(html).toContain('<footer>Acme Inc.</footer>');
  const nonce = /<style nonce="([^"]+)">/.exec(page.text)?.[1];
  expect(nonce).toBeDefined();
  expect(page.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
}

function csrfTokenIn(page: request.Response): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token in: ${page.text}`);
  return token;
}

/** How many times the page says the attempts left. */
function attemptsSaid(page: request.Response): number {
  return page.text.match(/\d+ attempts? left/g)?.length ?? 0;
}

/** Signs in with the password and the code, posting the code with the page's CSRF token. */
async function signIn(agent: request.Agent, outbox: { latestCode(): string }, user: TestUser = alice): Promise<void> {
  const prompt = await passFirstFactor(agent, user);
  await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt), code: outbox.latestCode() }).expect(302).expect('Location', '/account');
}

/** Options of a strategy built only to see what its constructor says. */
const QUIET: SmsOtpOptions = { secret: 'test-secret-with-enough-length', provider: new ConsoleProvider({ write: () => undefined }), logger: false };

const failingProvider: SmsProvider = { name: 'down', send: () => Promise.reject(new Error('gateway down')) };

/** A store whose backend is unreachable. */
class UnreachableStore extends MemoryOtpStore {
  override async reserveSend(): Promise<never> {
    throw new OtpStoreUnavailableError('Redis is not connected.');
  }
}

describe.each(ENGINES)("render: 'app' with $engine", (engine) => {
  it('draws the code prompt, then a wrong code saying the attempts left once, and signs in with the page’s CSRF token', async () => {
    const { app, outbox } = appRendering(engine);
    const agent = request.agent(app);
    const prompt = await passFirstFactor(agent);
    expectAppPage(prompt, { status: 200, title: 'Enter your verification code', account: 'Not signed in' });
    expect(prompt.text).toContain('•••••••0123');
    expect(attemptsSaid(prompt)).toBe(1);

    await agent.post('/login/sms').type('form').send({ code: wrongCode(outbox.latestCode()) }).expect(403);
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(prompt), code: wrongCode(outbox.latestCode()) }).expect(302);
    const wrong = await agent.get('/login/sms');
    expectAppPage(wrong, { status: 200, title: 'Enter your verification code', account: 'Not signed in' });
    expect(wrong.text).toContain('That code is not correct. 4 attempts left.');
    expect(attemptsSaid(wrong)).toBe(1);

    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(wrong), code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    expect((await agent.get('/whoami')).body).toEqual({ authenticated: true, user: 'alice' });
  });

  it('draws the enrollment form, the change of number and its refused form in the app’s layout', async () => {
    const { app, outbox } = appRendering(engine, { enrollment: { saveMobile: () => undefined }, phoneValidation: 'possible' });
    const enrollment = await passFirstFactor(request.agent(app), bob);
    expectAppPage(enrollment, { status: 200, title: 'Add your mobile number', account: 'Not signed in' });

    const agent = request.agent(app);
    await signIn(agent, outbox);
    const form = await agent.get('/account/mobile');
    expectAppPage(form, { status: 200, title: 'Change your mobile number', account: 'Signed in as alice' });
    const refused = await agent.post('/account/mobile').type('form').send({ _csrf: csrfTokenIn(form), code: '123456' });
    expectAppPage(refused, { status: 400, title: 'Change your mobile number', account: 'Signed in as alice' });
    expect(unescaped(refused.text)).toContain('This page cannot do that. Please use the form on the page.');

    await agent.post('/account/mobile').type('form').send({ _csrf: csrfTokenIn(form), mobile: '+1 555 555 0177' }).expect(303);
    const codePrompt = await agent.get('/account/mobile');
    expectAppPage(codePrompt, { status: 200, title: 'Enter your verification code', account: 'Signed in as alice' });
    expect(codePrompt.text).toContain('•••••••0177');
  });

  it('draws the step-up prompt of a signed-in user', async () => {
    const clock = { now: Date.now() };
    const { app, outbox } = appRendering(engine, { clock: () => clock.now });
    const agent = request.agent(app);
    await signIn(agent, outbox);
    clock.now += 301_000;
    await agent.get('/security').expect(303).expect('Location', '/login/sms');
    const stepUp = await agent.get('/login/sms');
    expectAppPage(stepUp, { status: 200, title: "Confirm it's you", account: 'Signed in as alice' });
    await agent.post('/login/sms').type('form').send({ _csrf: csrfTokenIn(stepUp), code: outbox.latestCode() }).expect(303).expect('Location', '/security');
  });

  it('draws the pages that say why no code can be sent: a failed send, a user without a number, a store outage', async () => {
    const failed = await passFirstFactor(request.agent(appRendering(engine, {}, { provider: failingProvider }).app));
    expectAppPage(failed, { status: 503, title: 'We could not send your code', account: 'Not signed in' });
    expect(failed.text).toMatch(/name="resend" value="1"/);
    expect(csrfTokenIn(failed)).toBeTruthy();

    const noNumber = await passFirstFactor(request.agent(appRendering(engine).app), bob);
    expectAppPage(noNumber, { status: 403, title: 'Text-message verification is not possible right now', account: 'Not signed in' });

    const outage = await passFirstFactor(request.agent(appRendering(engine, { store: new UnreachableStore() }).app));
    expectAppPage(outage, { status: 503, title: 'Verification is temporarily unavailable', account: 'Not signed in' });
    expect(outage.text).toContain('Verification is unavailable right now.');
  });
});

describe("render: 'app'", () => {
  const [ejsApp] = ENGINES;

  it('gives the view the page’s own title and smsOtp over res.locals of the same names, and the rest of res.locals', async () => {
    const { app } = createTestApp({
      strategy: { render: 'app' },
      middleware: [
        (_req, res, next) => {
          Object.assign(res.locals, { title: 'The app’s title', smsOtp: 'the app’s', account: 'Acme header', cspNonce: 'n0nce' });
          next();
        },
      ],
    });
    setViews(app, ejsApp);
    const page = await passFirstFactor(request.agent(app));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Enter your verification code · Acme</title>');
    expect(page.text).toContain('<header class="site-header">Acme header</header>');
    expect(page.text).toContain('<style nonce="n0nce">');
    expect(page.text).toContain('<html lang="en">');
  });

  it('passes an error of the app’s view to its error handler, which answers as it does for any error', async () => {
    const { app } = createTestApp({ strategy: { render: 'app', view: 'no-such-view' } });
    setViews(app, ejsApp);
    const errors: unknown[] = [];
    const handler: ErrorRequestHandler = (err, _req, res, _next) => {
      errors.push(err);
      res.status(500).send('error page');
    };
    app.use(handler);
    const page = await passFirstFactor(request.agent(app));
    expect(page.status).toBe(500);
    expect(page.text).toBe('error page');
    expect(page.headers['cache-control']).toBeUndefined();
    expect(String(errors[0])).toContain('Failed to lookup view "no-such-view"');
  });

  it('takes only "package" or "app"', () => {
    expect(() => new SmsOtpStrategy({ ...QUIET, render: 'express' as never })).toThrow(
      new InvalidOptionError('render', '"package" or "app"', 'a string'),
    );
  });
});

describe("render: 'package' (the default)", () => {
  const localsView = path.join(__dirname, 'support', 'localsPrompt.ejs');

  it('gives the view res.locals at the top level, the page’s own fields winning a clash', async () => {
    const { app } = createTestApp({
      strategy: { view: localsView },
      middleware: [
        (_req, res, next) => {
          Object.assign(res.locals, { account: 'Signed in as nobody yet', state: 'the app’s state', error: 'the app’s error' });
          next();
        },
      ],
    });
    const page = await passFirstFactor(request.agent(app));
    expect(page.text).toBe('<header>Signed in as nobody yet</header><h1>Enter your verification code</h1><p>prompt</p><p>no error</p>\n');
  });

  it('says the attempts left once, in the error after a wrong code, else under the field', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    const prompt = await passFirstFactor(agent);
    expect(attemptsSaid(prompt)).toBe(1);
    expect(prompt.text).toContain('The code has 6 digits. 5 attempts left.');
    await agent.post('/login/sms').type('form').send({ code: wrongCode(outbox.latestCode()) });
    const wrong = await agent.get('/login/sms');
    expect(wrong.text).toContain('role="alert">That code is not correct. 4 attempts left.</p>');
    expect(attemptsSaid(wrong)).toBe(1);
    expect(attemptsSaid(await agent.get('/login/sms'))).toBe(1);
  });

  it('titles each page as its heading says: the step-up, the failed send, the store outage', async () => {
    const clock = { now: Date.now() };
    const { app, outbox } = createTestApp({ strategy: { clock: () => clock.now } });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    clock.now += 301_000;
    await agent.get('/security').expect(303);
    const stepUp = await agent.get('/login/sms');
    expect(stepUp.text).toContain('<title>Confirm it&#39;s you</title>');
    expect(stepUp.text).toContain('<h1>Confirm it&#39;s you</h1>');

    const failed = await passFirstFactor(request.agent(createTestApp({ provider: failingProvider }).app));
    expect(failed.text).toContain('<title>We could not send your code</title>');
    const outage = await passFirstFactor(request.agent(createTestApp({ strategy: { store: new UnreachableStore() } }).app));
    expect(outage.text).toContain('<title>Verification is temporarily unavailable</title>');
  });

  it.each(Object.values(SHIPPED_LOCALES))('titles the step-up and the store outage in $tag', async (locale) => {
    const clock = { now: Date.now() };
    const { app, outbox } = createTestApp({ strategy: { locale: locale.tag, clock: () => clock.now } });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    clock.now += 301_000;
    await agent.get('/security').expect(303);
    const stepUp = unescaped((await agent.get('/login/sms')).text);
    expect(stepUp).toContain(`<title>${locale.messages.stepUpTitle}</title>`);
    expect(stepUp).toContain(`<h1>${locale.messages.stepUpTitle}</h1>`);

    const outage = await passFirstFactor(request.agent(createTestApp({ strategy: { locale: locale.tag, store: new UnreachableStore() } }).app));
    expect(outage.text).toContain(`<title>${locale.messages.unavailableTitle}</title>`);
    if (locale === en) return;
    expect(locale.messages.stepUpTitle).not.toBe(en.messages.stepUpTitle);
    expect(locale.messages.unavailableTitle).not.toBe(en.messages.unavailableTitle);
  });
});

describe('a relative view path', () => {
  const build = (view: string) => () => new SmsOtpStrategy({ ...QUIET, view });

  it('is taken from the working directory, and the error names where it led and how to give a path that does not move', () => {
    const resolved = path.resolve('views/my-prompt.ejs');
    expect(build('views/my-prompt.ejs')).toThrow(InvalidOptionError);
    expect(build('views/my-prompt.ejs')).toThrow(
      `Option "view" must be the path of a readable EJS template (could not read ${resolved}, which the relative path 'views/my-prompt.ejs' gives from the working directory ${process.cwd()}; give an absolute path, such as path.join(__dirname, 'views/my-prompt.ejs')).`,
    );
  });

  it('that exists from the working directory still works', async () => {
    const relative = path.relative(process.cwd(), path.join(__dirname, 'support', 'customPrompt.ejs'));
    expect(path.isAbsolute(relative)).toBe(false);
    const { app } = createTestApp({ strategy: { view: relative } });
    expect((await passFirstFactor(request.agent(app))).text).toContain('<h1>Enter your verification code</h1>');
  });
});
