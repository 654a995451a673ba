import request from 'supertest';
import { RedisOtpStore, SmsSendError, type SmsProvider } from '../lib';
import { Pseudonyms } from '../lib/otp/Pseudonyms';
import { uniquePrefix, useRedisClient } from './support/redis';
import { createTestApp, Outbox, passFirstFactor, type TestUser } from './support/testApp';

const carol: TestUser = { id: 'carol-account-7731', username: 'carol', password: 'correct-horse', mobile: '+1 201 555 0187' };
const dave: TestUser = { id: 'dave-account-4410', username: 'dave', password: 'correct-horse', mobile: '+1 201 555 0166' };
// Their prefix (the number without its last 4 digits) names their toll-fraud group.
const personalData = ['+12015550187', '2015550187', '+12015550166', '2015550166', '+1201555', '1201555', carol.id, dave.id, '127.0.0.1'];

const prefix = uniquePrefix('redisPrivacy');
const redis = useRedisClient(prefix);

/** Every key under `under` with what it holds, as one text. */
async function dump(under = prefix): Promise<string> {
  const lines: string[] = [];
  for await (const keys of redis.client.scanIterator({ MATCH: `${under}*`, COUNT: 500 })) {
    for (const key of keys) lines.push(key, JSON.stringify(await redis.client.hGetAll(key)));
  }
  return lines.join('\n');
}

it('keeps no number, user key, address or code in Redis after a full flow with a per-IP quota, a lockout and a failed send', async () => {
  const outbox = new Outbox();
  const texting = outbox.provider();
  const provider: SmsProvider = {
    name: 'picky',
    send: async (message) => {
      if (message.to === '+12015550166') throw new SmsSendError('gateway answered 500', { provider: 'picky', retryable: true, status: 500 });
      return texting.send(message);
    },
  };
  const store = new RedisOtpStore({ client: redis.client, prefix });
  const { app } = createTestApp({
    outbox,
    provider,
    users: [carol, dave],
    strategy: { store, lockout: { maxFailures: 2 }, sendQuotas: { perIp: { max: 20, windowSeconds: 3600 } } },
  });

  const agent = request.agent(app);
  expect((await passFirstFactor(agent, carol)).status).toBe(200);
  const code = outbox.latestCode();
  await agent.post('/login/sms').type('form').send({ code: code === '000000' ? '111111' : '000000' });
  expect((await agent.post('/login/sms').type('form').send({ code: code === '222222' ? '333333' : '222222' })).status).toBe(302);
  expect((await agent.get('/login/sms')).status).toBe(423);

  const failing = request.agent(app);
  expect((await passFirstFactor(failing, dave)).status).toBe(503);

  const contents = await dump();
  expect(contents).toContain(':lock');
  expect(contents).toContain(':quota');
  expect(contents).toContain(':group');
  for (const value of [...personalData, ...outbox.messages.map((message) => outbox.codeIn(message.body))]) {
    expect(contents).not.toContain(value);
  }
});

it("keeps a toll-fraud group's pseudonym in its key, and nothing but counts and times in its fields", async () => {
  const under = `${prefix}groups:`;
  const store = new RedisOtpStore({ client: redis.client, prefix: under });
  const pseudonyms = new Pseudonyms('a secret of 32 characters or more!!');
  const groups = [pseudonyms.prefixGroup('+1201555'), pseudonyms.countryGroup('US'), pseudonyms.countryGroup('+1')];
  const window = { now: Date.now(), windowMs: 3_600_000, bucketMs: 60_000 };
  const conversion = { minSends: 1, minRate: 0.6, pauseMs: 600_000 };
  // Two sends, one verified, one refused for velocity, one that starts a pause: every field a group has.
  for (const group of groups) {
    await store.takeGroupSend({ group, ...window, maxSends: 2, conversion });
    await store.groupVerified({ group, ...window });
    await store.takeGroupSend({ group, ...window, maxSends: 2, conversion });
    expect(await store.takeGroupSend({ group, ...window, maxSends: 2, conversion })).toMatchObject({ reason: 'velocity' });
    expect(await store.takeGroupSend({ group, ...window, maxSends: 10, conversion })).toMatchObject({ reason: 'conversion' });
  }
  const keys = (await redis.client.keys(`${under}*`)).sort();
  expect(keys).toEqual(groups.map((group) => `${under}{${group}}:group`).sort());
  for (const key of keys) expect(key.slice(under.length)).toMatch(/^\{[pc]:[\w-]{22}\}:group$/);
  for (const key of keys) {
    for (const [field, value] of Object.entries(await redis.client.hGetAll(key))) {
      expect(field).toMatch(/^([sv]:\d+|pausedUntil|velocityRefusedAt|expiresAt)$/);
      expect(value).toMatch(/^\d+$/);
    }
  }
  expect(await dump(under)).not.toContain('1201555');
});
