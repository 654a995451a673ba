import { SmsSendError, type SmsProvider } from '../lib';
import { backends } from './support/backends';
import { alice, bob, type TestUser } from './support/testApp';
import { closeAllInstances, TwoInstances, wrongCode } from './support/twoInstances';

afterAll(() => closeAllInstances());

const carol: TestUser = { id: 'u3', username: 'carol', password: 'correct-horse', mobile: alice.mobile };
const users = [alice, bob, carol];

describe.each(backends('limits'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  describe('send quotas', () => {
    it('refuses a third code to one number within the window, across users, and says when to try again', async () => {
      const pair = new TwoInstances(await backend.open(), { sendQuotas: { perNumber: { max: 2, windowSeconds: 900 } }, resendCooldownSeconds: 0 }, { users });
      await pair.passFirstFactor(alice);
      expect((await pair.send(pair.b, 'post', '/login/sms', { resend: '1' })).status).toBe(303);

      const refused = await pair.send(pair.a, 'post', '/login/sms', { resend: '1' });
      expect(refused.status).toBe(429);
      expect(pair.outbox.messages).toHaveLength(2);

      const prompt = await pair.passFirstFactor(carol);
      expect(prompt.status).toBe(429);
      expect(prompt.text).toContain('Try again in 15 minutes.');
      expect(pair.outbox.messages).toHaveLength(2);
      expect(pair.eventsOf('send_refused', 'quota_number')).toHaveLength(2);
    });

    it('refuses a user more codes than the per-user quota, across sign-ins', async () => {
      const pair = new TwoInstances(await backend.open(), { sendQuotas: { perUser: { max: 2, windowSeconds: 3600 } } });
      expect((await pair.passFirstFactor()).status).toBe(200);
      expect((await pair.passFirstFactor()).status).toBe(200);
      const third = await pair.passFirstFactor();
      expect(third.status).toBe(429);
      expect(third.text).toContain('Try again in 1 hour.');
      expect(pair.outbox.messages).toHaveLength(2);
      expect(pair.eventsOf('send_refused', 'quota_user')).toHaveLength(1);
    });

    it('refuses by client address only when perIp is set', async () => {
      const pair = new TwoInstances(await backend.open(), { sendQuotas: { perIp: { max: 1, windowSeconds: 60 } } });
      expect((await pair.passFirstFactor(alice)).status).toBe(200);
      expect((await pair.passFirstFactor(alice)).status).toBe(429);
      expect(pair.eventsOf('send_refused', 'quota_ip')).toHaveLength(1);
    });

    it.each([
      ['refused before any connection', { code: 'ECONNREFUSED' }, ['+12015550123']],
      ['refused by the provider with a 4xx', { status: 400 }, ['+12015550123']],
      ['that may have gone out (a timeout)', { code: 'timeout' }, []],
      ['that may have gone out (a 5xx)', { status: 502 }, []],
    ])('counts a send that failed %s only when a text may have gone out', async (_label, failure, expected) => {
      let failNext = true;
      const sent: string[] = [];
      const provider: SmsProvider = {
        name: 'flaky',
        send: async (message) => {
          if (failNext) {
            failNext = false;
            throw new SmsSendError('provider failed', { provider: 'flaky', retryable: 'code' in failure || failure.status >= 500, ...failure });
          }
          sent.push(message.to);
        },
      };
      const pair = new TwoInstances(await backend.open(), { sendQuotas: { perUser: { max: 1, windowSeconds: 3600 } } }, { provider });
      expect((await pair.passFirstFactor()).status).toBe(503);
      const retry = await pair.send(pair.b, 'get', '/login/sms');
      expect(retry.status).toBe(expected.length ? 200 : 429);
      expect(sent).toEqual(expected);
    });
  });

  describe('account lockout', () => {
    it('locks SMS OTP after consecutive wrong codes across codes, with a clear message and no more sends', async () => {
      const pair = new TwoInstances(await backend.open(), { lockout: { maxFailures: 3, durationSeconds: 900 }, maxAttempts: 2, resendCooldownSeconds: 0 });
      await pair.passFirstFactor();
      const first = pair.outbox.latestCode();
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: wrongCode(first) })).status).toBe(401);
      expect((await pair.send(pair.b, 'post', '/login/sms', { code: wrongCode(first) })).status).toBe(401);
      expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(303);
      const second = pair.outbox.latestCode();

      const third = await pair.send(pair.b, 'post', '/login/sms', { code: wrongCode(second) });
      expect(third.status).toBe(423);
      expect(pair.eventsOf('locked', 'lockout')).toHaveLength(1);
      const prompt = await pair.send(pair.a, 'get', '/login/sms');
      expect(prompt.status).toBe(423);
      expect(prompt.text).toContain('locked for this account. Try again in 15 minutes.');
      expect(prompt.text).not.toContain('not correct');

      const right = await pair.send(pair.a, 'post', '/login/sms', { code: second });
      expect(right.status).toBe(423);
      expect((await pair.send(pair.a, 'post', '/login/sms', { resend: '1' })).status).toBe(423);
      const sent = pair.outbox.messages.length;
      const again = await pair.passFirstFactor();
      expect(again.status).toBe(423);
      expect(again.text).toContain('Try again in');
      expect(pair.outbox.messages).toHaveLength(sent);
    });

    it('starts the count again after a right code', async () => {
      const pair = new TwoInstances(await backend.open(), { lockout: { maxFailures: 3 } });
      await pair.passFirstFactor();
      const code = pair.outbox.latestCode();
      await pair.send(pair.a, 'post', '/login/sms', { code: wrongCode(code) });
      await pair.send(pair.b, 'post', '/login/sms', { code: wrongCode(code) });
      expect((await pair.send(pair.a, 'post', '/login/sms', { code })).status).toBe(302);

      await pair.passFirstFactor();
      const next = pair.outbox.latestCode();
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: wrongCode(next) })).status).toBe(401);
      expect((await pair.send(pair.b, 'post', '/login/sms', { code: wrongCode(next) })).status).toBe(401);
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: next })).status).toBe(302);
      expect(pair.eventsOf('locked')).toHaveLength(0);
    });

    it('lifts the lock when its time is up by the strategy clock, not before', async () => {
      const pair = new TwoInstances(await backend.open(), { lockout: { maxFailures: 1, durationSeconds: 60 } });
      await pair.passFirstFactor();
      const code = pair.outbox.latestCode();
      expect((await pair.send(pair.a, 'post', '/login/sms', { code: wrongCode(code) })).status).toBe(423);
      pair.now += 59_000;
      expect((await pair.send(pair.b, 'post', '/login/sms', { code })).status).toBe(423);
      pair.now += 1_000;
      expect((await pair.send(pair.b, 'post', '/login/sms', { code })).status).toBe(302);
    });
  });
});
