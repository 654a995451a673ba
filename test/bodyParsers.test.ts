import express from 'express';
import request from 'supertest';
import { recordingLogger } from './support/recordingLogger';
import { createTestApp, type TestAppOptions } from './support/testApp';

type Frameworks = NonNullable<TestAppOptions['frameworks']>;

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as Frameworks['express'];
const { Passport } = require('passport') as { Passport: Frameworks['Passport'] };
/* eslint-enable @typescript-eslint/no-require-imports */

const UNREADABLE = 'The form could not be read. Please send it again from the page.';

describe.each([
  ['Express 5', express as Frameworks['express']],
  ['Express 4', express4],
])('what a body the app did not read gets on %s', (_label, framework) => {
  const frameworks = { express: framework, Passport };

  async function pendingAgent(options: TestAppOptions) {
    const setup = createTestApp({ frameworks, ...options });
    const agent = request.agent(setup.app);
    await agent.post('/login?username=alice&password=correct-horse').expect(303);
    await agent.get('/login/sms').expect(200);
    return { ...setup, agent };
  }

  it('tells the user the form could not be read (415) when JSON comes to an app that reads only forms', async () => {
    const { agent } = await pendingAgent({ bodyParsers: ['urlencoded'] });
    await agent.post('/login/sms').type('json').send({ code: '123456' }).expect(302).expect('Location', '/login/sms');
    expect((await agent.get('/login/sms').expect(200)).text).toContain(UNREADABLE);
  });

  it('answers 415 without a redirect when the route has none', async () => {
    const { agent } = await pendingAgent({ bodyParsers: ['urlencoded'], verifyOptions: {} });
    await agent.post('/login/sms').set('Content-Type', 'application/json-patch+json').send('[]').expect(415);
  });

  it('answers 400 when the body parsed to something other than fields (a JSON array)', async () => {
    const { agent } = await pendingAgent({ bodyParsers: ['json'], verifyOptions: {} });
    await agent.post('/login/sms').type('json').send(['123456']).expect(400);
  });

  it('answers 415 when another parser read the body as text', async () => {
    const { agent } = await pendingAgent({ middleware: [framework.text()], verifyOptions: {} });
    await agent.post('/login/sms').type('text').send('code=123456').expect(415);
  });

  it('shows the prompt again for a form type with an empty body', async () => {
    const { agent } = await pendingAgent({ bodyParsers: ['json'] });
    const response = await agent.post('/login/sms').set('Content-Type', 'application/x-www-form-urlencoded').expect(200);
    expect(response.text).toContain('autocomplete="one-time-code"');
  });

  it('says to add express.urlencoded() when a form comes and no body parser ran at all', async () => {
    const { agent } = await pendingAgent({ bodyParsers: [] });
    const response = await agent.post('/login/sms').type('form').send({ code: '123456' }).expect(500);
    expect(response.text).toContain('passport-sms-otp reads the form from req.body: add express.urlencoded() before passport.authenticate().');
  });

  it('logs one warning naming express.urlencoded() when an app that reads only JSON gets the prompt\'s form', async () => {
    const { logger, lines } = recordingLogger();
    const { agent } = await pendingAgent({ bodyParsers: ['json'], strategy: { logger } });
    for (let i = 0; i < 3; i++) {
      await agent.post('/login/sms').type('form').send({ code: '123456' }).expect(302).expect('Location', '/login/sms');
      expect((await agent.get('/login/sms').expect(200)).text).toContain(UNREADABLE);
    }
    const warnings = lines.filter(({ level }) => level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        fields: { strategy: 'sms-otp', entryPoint: 'passport.authenticate()', path: '/login/sms' },
        message: expect.stringContaining('add express.urlencoded() before passport.authenticate()'),
      },
    ]);
    expect(warnings[0]?.message).toContain('express.json() alone does not read forms');
  });

  it('logs nothing for what a client got wrong: JSON to an app that reads forms, a form type a browser never sends', async () => {
    const { logger, lines } = recordingLogger();
    const { agent } = await pendingAgent({ bodyParsers: ['urlencoded'], strategy: { logger } });
    await agent.post('/login/sms').type('json').send({ code: '123456' }).expect(302);
    // body-parser 1 skips a form type with malformed parameters: the parser is there, the client is at fault.
    await agent.post('/login/sms').set('Content-Type', 'application/x-www-form-urlencoded;').send('code=123456').expect(302);
    expect(lines.filter(({ level }) => level !== 'info')).toEqual([]);
  });

  it('reads the form where express.urlencoded() runs after express.json()', async () => {
    const { agent, outbox } = await pendingAgent({ bodyParsers: ['json', 'urlencoded'] });
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
  });
});
