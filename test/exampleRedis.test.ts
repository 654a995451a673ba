import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import * as smsOtp from '../lib';
import { buildExampleApp, passPassword } from './support/exampleApp';

const REDIS_SERVER = '/usr/bin/redis-server';
const hasRedisOtpStore = typeof (smsOtp as unknown as Record<string, unknown>).RedisOtpStore === 'function';
const describeWithRedis = existsSync(REDIS_SERVER) ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** A throwaway redis-server on 127.0.0.1, without persistence. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const server: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const client = createClient({ url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.close();
      return { url, stop: () => server.kill() };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server.kill();
  throw new Error('redis-server did not start');
}

describeWithRedis('the example app with REDIS_URL', () => {
  let redis: { url: string; stop(): void };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  (hasRedisOtpStore ? it : it.skip)('keeps sessions in Redis and signs alice in', async () => {
    const example = await buildExampleApp({ redisUrl: redis.url });
    try {
      const { agent, token, code } = await passPassword(example);
      await agent.post('/login/sms').type('form').send({ _csrf: token, code }).expect(302).expect('Location', '/account');
      await agent.get('/account').expect(200);

      const client = createClient({ url: redis.url });
      await client.connect();
      expect(await client.keys('example:sess:*')).not.toHaveLength(0);
      await client.close();
    } finally {
      await example.close();
    }
  });

  (hasRedisOtpStore ? it.skip : it)('refuses to start, saying why, while the package has no RedisOtpStore', async () => {
    await expect(buildExampleApp({ redisUrl: redis.url })).rejects.toThrow(/no RedisOtpStore/);
  });
});
