import request from 'supertest';
import { RedisOtpStore, SmsSendError, type SmsProvider } from '../lib';
import { uniquePrefix, useRedisClient } from './support/redis';
import { createTestApp, Outbox, passFirstFactor, type TestUser } from './support/testApp';

const carol: TestUser = { id: 'carol-account-7731', username: 'carol', password: 'correct-horse', mobile: '+1 201 555 0187' };
const dave: TestUser = { id: 'dave-account-4410', username: 'dave', password: 'correct-horse', mobile: '+1 201 555 0166' };
const personalData = ['+12015550187', '2015550187', '+12015550166', '2015550166', carol.id, dave.id, '127.0.0.1'];

const prefix = uniquePrefix('redisPrivacy');
const redis = useRedisClient(prefix);

/** Every key under the prefix with what it holds, as one text. */
async function dump(): Promise<string> {
  const lines: string[] = [];
  for await (const keys of redis.client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
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
  for (const value of [...personalData, ...outbox.messages.map((message) => outbox.codeIn(message.body))]) {
    expect(contents).not.toContain(value);
  }
});
