import type { ErrorRequestHandler } from 'express';
import { SmsOtpError, type BeforeSendDecision, type BeforeSendInfo, type SmsOtpOptions } from '../lib';
import { backends, memoryBackend, type SharedState } from './support/backends';
import { alice, bob, type TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances } from './support/twoInstances';

afterAll(() => closeAllInstances());

const REFUSED = 'We can&#39;t send a text to this number right now.';

/** The hook's answer, changed by the test as it goes; every call it got, with its request. */
function hookOf(answer: () => unknown) {
  const calls: { send: BeforeSendInfo; req: { path?: string; session?: unknown } }[] = [];
  const beforeSend = (send: BeforeSendInfo, req: unknown) => {
    calls.push({ send, req: req as (typeof calls)[number]['req'] });
    return answer() as BeforeSendDecision;
  };
  return { calls, beforeSend };
}

/** Two instances with `beforeSend`, and an error handler after the routes that keeps what reached it. */
function withHook(state: SharedState, answer: () => unknown, strategy: SmsOtpOptions = {}, users: TestUser[] = [alice, { ...bob }]) {
  const { calls, beforeSend } = hookOf(answer);
  const pair = new TwoInstances(state, { beforeSend, ...strategy }, { users });
  const errors: unknown[] = [];
  const keep: ErrorRequestHandler = (err, _req, res, _next) => {
    errors.push(err);
    res.status(500).send('failed');
  };
  for (const app of [pair.a, pair.b]) app.use(keep);
  return { pair, calls, errors };
}

const ONE_EACH = { perUser: { max: 1, windowSeconds: 3600 }, perNumber: { max: 1, windowSeconds: 900 }, perIp: { max: 1, windowSeconds: 3600 } };

describe.each(backends('beforeSend'))('beforeSend with the $name backend', (backend) => {
  afterAll(() => backend.close());

  it('denies a first send with the refusal page (429), sending and counting nothing', async () => {
    let answer = 'deny';
    const { pair } = withHook(await backend.open(), () => answer, { sendQuotas: ONE_EACH });
    const denied = await pair.passFirstFactor(alice);
    expect(denied.status).toBe(429);
    expect(denied.text).toContain(REFUSED);
    expect(pair.outbox.messages).toEqual([]);
    expect(pair.eventsOf('send_refused')).toMatchObject([{ reason: 'app_denied', purpose: 'sign_in', mobile: '•••••••0123' }]);

    answer = 'allow';
    expect((await pair.send(pair.b, 'get', '/login/sms')).status).toBe(200);
    expect(pair.outbox.messages).toMatchObject([{ to: '+12015550123' }]);
    // The one send allowed used the only point of each quota: the denied one had used none.
    expect((await pair.passFirstFactor(alice)).status).toBe(429);
    expect(pair.eventsOf('send_refused').map((event) => event.reason)).toEqual(['app_denied', 'quota_user']);
  });

  it('denies a resend without starting the cooldown or using a resend', async () => {
    let answer = 'allow';
    const { pair } = withHook(await backend.open(), () => answer, { maxResends: 1 });
    await pair.passFirstFactor(alice);
    pair.now += 31_000;
    answer = 'deny';
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
    answer = 'allow';
    expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
    pair.now += 31_000;
    expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(429);
    expect(pair.eventsOf('send_refused').map((event) => event.reason)).toEqual(['app_denied', 'limit']);
    expect(pair.outbox.messages).toHaveLength(2);
  });

  it('denies a typed number on the number form, keeping and counting nothing', async () => {
    let answer = 'deny';
    const saved: string[] = [];
    const { pair } = withHook(await backend.open(), () => answer, {
      enrollment: { saveMobile: (_user, mobile) => void saved.push(mobile) },
      sendQuotas: { perUnverifiedNumber: { max: 1, windowSeconds: 3600 } },
    });
    await pair.passFirstFactor(bob);
    const denied = await pair.send(pair.a, 'post', '/login/sms', { mobile: '+1 201 555 0144' });
    expect(denied.status).toBe(429);
    expect(denied.text).toContain(REFUSED);
    expect(denied.text).toContain('name="mobile"');
    expect(pair.outbox.messages).toEqual([]);

    answer = 'allow';
    expect((await pair.send(pair.b, 'post', '/login/sms', { mobile: '+1 201 555 0144' })).status).toBe(303);
    expect((await pair.send(pair.a, 'post', '/login/sms', { code: pair.outbox.latestCode() })).status).toBe(302);
    expect(saved).toEqual(['+12015550144']);
  });

  it('fails the request with what a throwing hook threw, sending and counting nothing', async () => {
    const thrown = new Error('risk service down');
    let answer: () => unknown = () => {
      throw thrown;
    };
    const { pair, errors } = withHook(await backend.open(), () => answer(), { sendQuotas: ONE_EACH });
    expect((await pair.passFirstFactor(alice)).status).toBe(500);
    answer = () => Promise.reject(thrown);
    expect((await pair.send(pair.b, 'get', '/login/sms')).status).toBe(500);
    expect(errors).toEqual([thrown, thrown]);
    expect(errors[0]).toBe(thrown);
    expect(pair.outbox.messages).toEqual([]);

    answer = () => 'allow';
    expect((await pair.send(pair.a, 'get', '/login/sms')).status).toBe(200);
    expect(pair.outbox.messages).toHaveLength(1);
  });

  it('fails the request with an SmsOtpError naming a wrong answer, sending and counting nothing', async () => {
    let answer: unknown = 'yes';
    const { pair, errors } = withHook(await backend.open(), () => answer, { sendQuotas: ONE_EACH });
    expect((await pair.passFirstFactor(alice)).status).toBe(500);
    for (const wrong of [undefined, true, Promise.resolve('Allow'), { decision: 'allow' }]) {
      answer = wrong;
      expect((await pair.send(pair.b, 'get', '/login/sms')).status).toBe(500);
    }
    expect(errors.every((error) => error instanceof SmsOtpError)).toBe(true);
    expect((errors as Error[]).map((error) => error.message)).toEqual(
      ['"yes"', 'undefined', 'true', '"Allow"', 'an object'].map((what) => `The beforeSend hook must answer 'allow' or 'deny' (or a promise of one); it answered ${what}. Nothing was sent.`),
    );
    expect(pair.outbox.messages).toEqual([]);

    answer = 'allow';
    expect((await pair.send(pair.a, 'get', '/login/sms')).status).toBe(200);
  });
});

describe('beforeSend', () => {
  const backend = memoryBackend();

  it('is told the number, its country and type, the address, the user, the purpose and the channel, with the request', async () => {
    const { pair, calls } = withHook(await backend.open(), () => 'allow', { voice: true, resendCooldownSeconds: 0 });
    await pair.passFirstFactor(alice);
    await pair.send(pair.b, 'post', '/login/sms', { call: '1' });
    expect(calls.map(({ send }) => send)).toEqual([
      { to: '+12015550123', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', ip: expect.stringContaining('127.0.0.1'), user: alice, purpose: 'sign_in', channel: 'sms' },
      { to: '+12015550123', country: 'US', numberType: 'FIXED_LINE_OR_MOBILE', ip: expect.stringContaining('127.0.0.1'), user: alice, purpose: 'sign_in', channel: 'voice' },
    ]);
    expect(calls[0].req.path).toBe('/login/sms');
    expect(calls[0].req.session).toBeDefined();
  });

  it('is told the number typed when a user enrolls one, and no country or type for a test number', async () => {
    const { pair, calls } = withHook(await backend.open(), () => 'allow', {
      enrollment: { saveMobile: () => undefined },
      testNumbers: { '+15555550100': '424242' },
      testNumbersUntil: new Date(Date.now() + 86_400_000),
    });
    await pair.passFirstFactor(bob);
    await pair.send(pair.a, 'post', '/login/sms', { mobile: '+1 555 555 0100' });
    expect(calls.map(({ send }) => send)).toMatchObject([{ to: '+15555550100', country: undefined, numberType: undefined, purpose: 'enroll', channel: 'sms', user: { id: 'u2' } }]);
  });

  it('is asked only for a number that passed its own checks', async () => {
    const invalid: TestUser = { id: 'u4', username: 'ivy', password: 'correct-horse', mobile: '+1 555 555 0199' };
    const { pair, calls } = withHook(await backend.open(), () => 'allow', { allowedCountries: ['FR'] }, [alice, invalid]);
    expect((await pair.passFirstFactor(invalid)).status).toBe(422);
    expect((await pair.passFirstFactor(alice)).status).toBe(422);
    expect(pair.eventsOf('send_refused').map((event) => event.reason)).toEqual(['invalid_number', 'country_not_allowed']);
    expect(calls).toEqual([]);
  });

  it('takes a promise of either answer', async () => {
    let answer: BeforeSendDecision = 'deny';
    const later = () => new Promise<BeforeSendDecision>((resolve) => setTimeout(() => resolve(answer), 20));
    const { pair } = withHook(await backend.open(), later);
    expect((await pair.passFirstFactor(alice)).status).toBe(429);
    answer = 'allow';
    expect((await pair.send(pair.b, 'get', '/login/sms')).status).toBe(200);
    expect(pair.outbox.messages).toHaveLength(1);
  });
});
