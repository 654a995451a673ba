import request from 'supertest';
import type { ExampleConfig } from '../example-app/config';
import type { PasswordLimitOptions } from '../example-app/passwordLimits';
import { buildExampleApp, sendPassword } from './support/exampleApp';
import { connectRedis, deleteKeys, testRedis, uniquePrefix, type TestRedisClient } from './support/redis';

const RIGHT = 'correct-horse';
const WRONG = 'wrong-horse';

/** Where the example keeps its state: the config that says so (the same within a test), and its clean-up. */
interface Backend {
  config(): Partial<ExampleConfig>;
  /** Clears what a test wrote. */
  clean(): Promise<void>;
}

const memory: Backend = { config: () => ({}), clean: async () => undefined };

/** On Redis: the limits live next to the sessions and codes, under the app's prefix. */
function onRedis(): Backend & { keys(): Promise<string[]> } {
  let redis: { url: string; stop: () => Promise<void> };
  let client: TestRedisClient;
  let prefix = '';
  beforeAll(async () => {
    redis = await testRedis();
    client = await connectRedis(redis.url);
  });
  afterAll(async () => {
    await client.close();
    await redis.stop();
  });
  beforeEach(() => {
    prefix = uniquePrefix('password-limits');
  });
  return {
    config: () => ({ redisUrl: redis.url, redisPrefix: prefix }),
    clean: () => deleteKeys(client, prefix),
    keys: () => client.keys(`${prefix}login_fail_*`),
  };
}

describe.each([
  ['in memory', () => memory],
  ['on Redis', onRedis],
])('the example app limits wrong passwords (%s)', (_label, backendOf) => {
  const backend: Backend = backendOf();
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((example) => example.close()));
    await backend.clean();
  });

  async function exampleWith(limits: Partial<PasswordLimitOptions>) {
    const example = await buildExampleApp({ ...backend.config(), passwordLimits: limits });
    opened.push(example);
    return example;
  }

  /** Sends a password and answers with the status and where it leads. */
  async function attempt(agent: request.Agent, username: string, password: string) {
    const response = await sendPassword(agent, username, password);
    return { status: response.status, location: response.headers.location as string | undefined, response };
  }

  it('takes 3 wrong passwords in a row, then answers 429 with Retry-After, even to the right one, until the block ends', async () => {
    const example = await exampleWith({ consecutiveFailsByUsernameAndIp: 3, usernameAndIpBlockSeconds: 2 });
    const agent = request.agent(example.app);
    for (let i = 0; i < 3; i++) expect(await attempt(agent, 'alice', WRONG)).toMatchObject({ status: 302, location: '/login' });

    const blocked = await attempt(agent, 'alice', RIGHT);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(blocked.response.text).toContain('<h1>Too many sign-in attempts</h1>');
    expect(blocked.response.text).toMatch(/Too many wrong passwords were tried\. Wait [12] seconds?, then sign in again\./);
    expect(example.inbox?.messages).toHaveLength(0);
    expect((await attempt(agent, 'alice', RIGHT)).status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 300));
    expect(await attempt(agent, 'alice', RIGHT)).toMatchObject({ status: 303, location: '/login/sms' });
  });

  it('starts the count over after the right password', async () => {
    const example = await exampleWith({ consecutiveFailsByUsernameAndIp: 3 });
    const agent = request.agent(example.app);
    for (let i = 0; i < 2; i++) expect((await attempt(agent, 'alice', WRONG)).status).toBe(302);
    expect((await attempt(agent, 'alice', RIGHT)).status).toBe(303);
    const again = request.agent(example.app);
    for (let i = 0; i < 3; i++) expect((await attempt(again, 'alice', WRONG)).status).toBe(302);
    expect((await attempt(again, 'alice', RIGHT)).status).toBe(429);
  });

  it('limits wrong passwords from one address across usernames, known or not, and counts no right one', async () => {
    const example = await exampleWith({ consecutiveFailsByUsernameAndIp: 10, wrongAttemptsByIpPerDay: 4, ipBlockSeconds: 600 });
    const agent = request.agent(example.app);
    for (let i = 0; i < 3; i++) expect((await attempt(request.agent(example.app), 'bob', RIGHT)).status).toBe(303);
    for (const username of ['alice', 'bob', 'mallory', 'alice']) expect((await attempt(agent, username, WRONG)).status).toBe(302);

    const blocked = await attempt(request.agent(example.app), 'bob', RIGHT);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.response.headers['retry-after'])).toBeGreaterThan(590);
    expect(blocked.response.text).toContain('Wait 10 minutes, then sign in again.');
  });

  it('keeps the count of each username apart', async () => {
    const example = await exampleWith({ consecutiveFailsByUsernameAndIp: 2 });
    const agent = request.agent(example.app);
    for (let i = 0; i < 2; i++) expect((await attempt(agent, 'alice', WRONG)).status).toBe(302);
    expect((await attempt(agent, 'alice', RIGHT)).status).toBe(429);
    expect((await attempt(agent, 'bob', RIGHT)).status).toBe(303);
  });

});

describe('the example app on Redis', () => {
  const backend = onRedis();
  afterEach(() => backend.clean());

  it('keeps the counts of wrong passwords in Redis under the app prefix, so every instance shares them', async () => {
    const limits = { passwordLimits: { consecutiveFailsByUsernameAndIp: 2 } };
    const [one, other] = await Promise.all([buildExampleApp({ ...backend.config(), ...limits }), buildExampleApp({ ...backend.config(), ...limits })]);
    try {
      const agent = request.agent(one.app);
      for (let i = 0; i < 2; i++) expect((await sendPassword(agent, 'alice', WRONG)).status).toBe(302);
      expect((await sendPassword(request.agent(other.app), 'alice', RIGHT)).status).toBe(429);
      expect((await backend.keys()).sort()).toEqual([
        expect.stringMatching(/login_fail_consecutive_username_and_ip:.*\|alice$/),
        expect.stringMatching(/login_fail_ip_per_day:/),
      ]);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });
});
