import 'reflect-metadata';
import type { Server } from 'node:http';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppModule } from '../examples/nestjs/src/app.module';
import { configureApp } from '../examples/nestjs/src/configureApp';
import { SMS_OTP_SETTINGS, type SmsOtpSettings } from '../examples/nestjs/src/smsOtpSettings';
import { Outbox, sessionCookie } from './support/testApp';

/** The Nest example app on a listening server, its texts in an outbox and its clock in the test's hands. */
async function startExample() {
  const outbox = new Outbox();
  const clock = { now: Date.now() };
  const settings: SmsOtpSettings = { provider: outbox.provider(), secret: 'nest-test-secret-long-enough', clock: () => clock.now };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(SMS_OTP_SETTINGS).useValue(settings).compile();
  const app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
  await app.listen(0, '127.0.0.1');
  return { app, outbox, clock, server: app.getHttpServer() as Server };
}

function wrong(code: string): string {
  return code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
}

describe('the NestJS example: PassportStrategy(SmsOtpStrategy) with validate, SmsOtpGuard and AfterFirstFactorGuard', () => {
  // One app for the file, as in production: Passport is one per process, and each Nest app adds its
  // serializer to it, so a second app in this process would deserialize through the first one's.
  let example: Awaited<ReturnType<typeof startExample>>;
  let sentBefore = 0;
  beforeAll(async () => {
    example = await startExample();
  });
  afterAll(() => example.app.close());
  beforeEach(() => {
    sentBefore = example.outbox.messages.length;
    // Each test an hour after the last: alice's send quotas start afresh.
    example.clock.now += 3_600_000;
  });
  /** The texts this test sent. */
  const texts = () => example.outbox.messages.slice(sentBefore);

  function passPassword(agent: request.Agent, username = 'alice', password = 'wonderland') {
    return agent.post('/login').type('form').send({ username, password });
  }

  it('signs in with the password and the texted code, rotating the session id; the protected route then answers 200', async () => {
    const { server, outbox } = example;
    const agent = request.agent(server);
    const passed = await passPassword(agent).expect(303).expect('Location', '/login/sms');
    const pendingSession = sessionCookie(passed);
    expect(pendingSession).toBeDefined();
    const prompt = await agent.get('/login/sms').expect(200);
    expect(prompt.text).toContain('<title>Enter your verification code</title>');
    expect(texts().map((text) => text.to)).toEqual(['+12015550123']);
    await agent.get('/account').expect(403);

    const signedIn = await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    const newSession = sessionCookie(signedIn);
    expect(newSession).toBeDefined();
    expect(newSession).not.toBe(pendingSession);
    expect((await agent.get('/account').expect(200)).text).toBe('Signed in as alice.');
  });

  it('shows a wrong code its message on the prompt, keeps nobody signed in, and the right code still works', async () => {
    const { server, outbox } = example;
    const agent = request.agent(server);
    await passPassword(agent).expect(303);
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: wrong(outbox.latestCode()) }).expect(302).expect('Location', '/login/sms');
    expect((await agent.get('/login/sms').expect(200)).text).toContain('That code is not correct. 4 attempts left.');
    await agent.get('/account').expect(403);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
  });

  it('refuses a resend in the cooldown with its message, and sends one after it (the old code then fails)', async () => {
    const { server, outbox, clock } = example;
    const agent = request.agent(server);
    await passPassword(agent).expect(303);
    await agent.get('/login/sms').expect(200);
    const first = outbox.latestCode();
    await agent.post('/login/sms').type('form').send({ resend: '1' }).expect(302).expect('Location', '/login/sms');
    expect((await agent.get('/login/sms')).text).toMatch(/Please wait \d+ seconds? before asking for another code\./);
    expect(texts()).toHaveLength(1);

    clock.now += 31_000;
    await agent.post('/login/sms').type('form').send({ resend: '1' }).expect(303).expect('Location', '/login/sms');
    expect(texts()).toHaveLength(2);
    const second = outbox.latestCode();
    if (second !== first) {
      await agent.post('/login/sms').type('form').send({ code: first }).expect(302).expect('Location', '/login/sms');
    }
    await agent.post('/login/sms').type('form').send({ code: second }).expect(302).expect('Location', '/account');
    await agent.get('/account').expect(200);
  });

  it("refuses a user the strategy's validate turns down, after the right code: the message shown, nobody signed in", async () => {
    const { server, outbox } = example;
    const agent = request.agent(server);
    await passPassword(agent, 'mallory', 'suspended').expect(303);
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/login/sms');
    await agent.get('/account').expect(403);
    // The code is spent and the sign-in over: the prompt sends back to the password, which shows why.
    await agent.get('/login/sms').expect(303).expect('Location', '/login');
    expect((await agent.get('/login')).text).toContain('This account cannot sign in.');
  });

  it('answers a wrong password with 401 and texts nobody', async () => {
    await passPassword(request.agent(example.server), 'alice', 'not-it').expect(401);
    expect(texts()).toHaveLength(0);
  });

  it('asks for a fresh code on the security page through MiddlewareConsumer, and lets the user back in with it', async () => {
    const { server, outbox, clock } = example;
    const agent = request.agent(server);
    await passPassword(agent).expect(303);
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);
    await agent.get('/account/security').expect(200);

    clock.now += 301_000;
    await agent.get('/account/security').expect(303).expect('Location', '/login/sms');
    await agent.get('/login/sms').expect(200);
    expect(texts()).toHaveLength(2);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account/security');
    expect((await agent.get('/account/security').expect(200)).text).toBe('Security settings of alice.');
  });

  it('changes the number through changeMobile mounted with MiddlewareConsumer: a code to the new number, then saved', async () => {
    const { server, outbox } = example;
    const agent = request.agent(server);
    await passPassword(agent).expect(303);
    await agent.get('/login/sms').expect(200);
    await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302);

    expect((await agent.get('/account/mobile').expect(200)).text).toContain('name="mobile"');
    await agent.post('/account/mobile').type('form').send({ mobile: '+1 201 555 0199' }).expect(303).expect('Location', '/account/mobile');
    expect(outbox.messages.at(-1)?.to).toBe('+12015550199');
    await agent.post('/account/mobile').type('form').send({ code: outbox.latestCode() }).expect(303).expect('Location', '/account');

    // The next sign-in texts the new number.
    await agent.post('/logout').expect(303);
    await passPassword(agent).expect(303);
    await agent.get('/login/sms').expect(200);
    expect(outbox.messages.at(-1)?.to).toBe('+12015550199');
  });
});
