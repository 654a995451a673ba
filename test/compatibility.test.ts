import request from 'supertest';
import { createTestApp, passFirstFactor, type TestAppOptions } from './support/testApp';

type Frameworks = NonNullable<TestAppOptions['frameworks']>;

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as Frameworks['express'];
const passport06 = require('passport06') as { Passport: Frameworks['Passport'] };
const express5 = require('express') as Frameworks['express'];
const passport07 = require('passport') as { Passport: Frameworks['Passport'] };
/* eslint-enable @typescript-eslint/no-require-imports */

describe.each([
  ['Express 4 with passport 0.6', { express: express4, Passport: passport06.Passport }],
  ['Express 4 with passport 0.7', { express: express4, Passport: passport07.Passport }],
  ['Express 5 with passport 0.6', { express: express5, Passport: passport06.Passport }],
])('%s', (_label, frameworks) => {
  it('runs the whole sign-in: password, code, signed in', async () => {
    const { app, outbox } = createTestApp({ frameworks });
    const agent = request.agent(app);
    expect((await passFirstFactor(agent)).status).toBe(200);
    expect((await agent.get('/whoami')).body.authenticated).toBe(false);
    const wrong = outbox.latestCode() === '000000' ? '111111' : '000000';
    await agent.post('/login/sms').type('form').send({ code: wrong }).expect(302).expect('Location', '/login/sms');
    expect((await agent.get('/login/sms')).text).toContain('That code is not correct. 4 attempts left.');
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    expect((await agent.get('/account')).text).toBe('signed in as alice');
  });
});
