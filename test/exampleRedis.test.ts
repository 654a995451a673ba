import { buildExampleApp, passPassword } from './support/exampleApp';
import { connectRedis, deleteKeys, testRedis, uniquePrefix } from './support/redis';

describe('the example app with REDIS_URL', () => {
  let redis: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis.stop());

  it('keeps sessions and codes in Redis and signs alice in', async () => {
    const prefix = uniquePrefix('example');
    const example = await buildExampleApp({ redisUrl: redis.url, redisPrefix: prefix });
    const client = await connectRedis(redis.url);
    try {
      const { agent, token, code } = await passPassword(example);
      expect(await client.keys(`${prefix}otp:*`)).not.toHaveLength(0);
      await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');
      await agent.get('/account').expect(200);
      expect(await client.keys(`${prefix}sess:*`)).not.toHaveLength(0);
    } finally {
      await deleteKeys(client, prefix);
      await client.close();
      await example.close();
    }
  });

  it('refuses to start, saying why, when Redis cannot be reached', async () => {
    await expect(buildExampleApp({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/Could not connect to Redis at 127\.0\.0\.1:1/);
  });
});
