import request from 'supertest';
import { createTestApp, passFirstFactor } from './support/testApp';

describe('the code prompt', () => {
  it('sends one code on the first visit and none on reloads', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    const first = await passFirstFactor(agent);
    expect(first.status).toBe(200);
    expect(outbox.messages).toHaveLength(1);
    expect(outbox.messages[0].to).toBe('+12015550123');

    await agent.get('/login/sms').expect(200);
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({}).expect(200);
    expect(outbox.messages).toHaveLength(1);
  });

  it('redraws the page on reloads without looking the user or the number up again', async () => {
    let lookups = 0;
    const { app } = createTestApp({
      getMobile: (user) => {
        lookups += 1;
        return (user as { mobile?: string }).mobile;
      },
    });
    const agent = request.agent(app);
    await passFirstFactor(agent);
    expect(lookups).toBe(1);
    const reload = await agent.get('/login/sms');
    expect(reload.text).toContain('•••••••0123');
    expect(reload.text).toContain('5 attempts left.');
    expect(lookups).toBe(1);
  });

  it('sends one code when the first visits race each other', async () => {
    const { app, outbox } = createTestApp();
    const agent = request.agent(app);
    await agent.post('/login').type('form').send({ username: 'alice', password: 'correct-horse' }).expect(303);
    const pages = await Promise.all(Array.from({ length: 8 }, () => agent.get('/login/sms')));
    expect(pages.map((page) => page.status)).toEqual(Array(8).fill(200));
    expect(outbox.messages).toHaveLength(1);
  });

  it('shows the masked number, a labelled one-time-code field, Continue and Resend', async () => {
    const { app } = createTestApp();
    const page = await passFirstFactor(request.agent(app));
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    const html = page.text;
    expect(html).toContain('•••••••0123');
    expect(html).not.toContain('201 555');
    expect(html).toMatch(/<label for="sms-otp-code">Verification code<\/label>/);
    expect(html).toMatch(/<input type="text" id="sms-otp-code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6"/);
    expect(html).not.toMatch(/onpaste|type="number"/);
    expect(html).toContain('<button type="submit">Continue</button>');
    expect(html).toMatch(/<button type="submit" class="link-button" name="resend" value="1">Send a new code<\/button>/);
    expect(html).toContain('5 attempts left.');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  });

  it('drops inputmode numeric and shows maxlength for alphanumeric codes', async () => {
    const { app } = createTestApp({ strategy: { numericOnly: false, otpLength: 8 } });
    const html = (await passFirstFactor(request.agent(app))).text;
    expect(html).toMatch(/name="code" autocomplete="one-time-code" autocapitalize="characters" maxlength="8"/);
    expect(html).not.toContain('inputmode');
  });

  it('shows the latest failure message once, then forgets it', async () => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    await passFirstFactor(agent);
    const failed = await agent.post('/login/sms').type('form').send({ code: '000000' });
    expect(failed.status).toBe(302);
    expect(failed.headers.location).toBe('/login/sms');
    const shown = await agent.get('/login/sms');
    expect(shown.text).toMatch(/<p class="error" id="sms-otp-error" role="alert">That code is not correct\. 4 attempts left\.<\/p>/);
    expect(shown.text).toContain('4 attempts left.');
    const again = await agent.get('/login/sms');
    expect(again.text).not.toContain('class="error"');
  });

  it('includes the CSRF token the app put in res.locals', async () => {
    const { app } = createTestApp({
      middleware: [
        (_req, res, next) => {
          res.locals.csrfToken = 'token-"<&>';
          next();
        },
      ],
    });
    const html = (await passFirstFactor(request.agent(app))).text;
    expect(html.match(/<input type="hidden" name="_csrf" value="token-&#34;&lt;&amp;&gt;">/g)).toHaveLength(2);
  });

  it('renders the app’s own view and translated messages', async () => {
    const { app } = createTestApp({
      strategy: {
        view: `${__dirname}/support/customPrompt.ejs`,
        messages: { title: 'Code de vérification', sentTo: 'Code envoyé au {{mobile}}.' },
      },
    });
    const html = (await passFirstFactor(request.agent(app))).text;
    expect(html).toBe('<h1>Code de vérification</h1><p>Code envoyé au •••••••0123.</p><form action="/login/sms"></form>\n');
  });

  it('hands an error in the app’s own view to Express, without crashing the process', async () => {
    const { app } = createTestApp({ strategy: { view: `${__dirname}/support/brokenPrompt.ejs` } });
    const errors: unknown[] = [];
    app.use((err: unknown, _req: unknown, res: { status(code: number): { send(text: string): void } }, _next: unknown) => {
      errors.push(err);
      res.status(500).send('error page');
    });
    const page = await passFirstFactor(request.agent(app));
    expect(page.status).toBe(500);
    expect(page.text).toBe('error page');
    expect(String(errors[0])).toMatch(/brokenPrompt.ejs[\s\S]*reading 'length'/);
  });

  it('works without JavaScript: plain forms posting back to the prompt', async () => {
    const { app } = createTestApp();
    const html = (await passFirstFactor(request.agent(app))).text;
    expect(html).not.toContain('<script');
    expect(html.match(/<form method="post" action="\/login\/sms">/g)).toHaveLength(2);
  });
});
