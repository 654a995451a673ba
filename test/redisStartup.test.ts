import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { createClient as createClient6, createCluster as createCluster6 } from 'redis6';
import request from 'supertest';
import { OtpStoreUnavailableError } from '../lib';
import { RedisOtpStore } from '../lib/store';
import { toScriptClient } from '../lib/store/redis/redisScriptClient';
import { OwnRedisServer, uniquePrefix, waitFor } from './support/redis';
import { startRedisCluster, type TestRedisCluster } from './support/redisCluster';
import { createTestApp, passFirstFactor } from './support/testApp';

/** A client as an app makes it, connecting on its own from now on; `close` lets go of it. */
interface StartingClient {
  readonly client: unknown;
  close(): void;
}

const ignore = () => undefined;

/** A node-redis client or cluster connecting in the background, as `void client.connect()` leaves it. */
function connecting(client: { on(event: 'error', listener: () => void): unknown; connect(): Promise<unknown>; destroy(): void }): StartingClient {
  client.on('error', ignore);
  void client.connect().catch(ignore);
  return { client, close: () => client.destroy() };
}

/** The usual start of each library: the client is handed to the store before it is connected. */
const standalone: [string, (url: string) => StartingClient][] = [
  [
    'an ioredis client made with new Redis(url)',
    (url) => {
      const client = new Redis(url).on('error', ignore);
      return { client, close: () => client.disconnect() };
    },
  ],
  ['a node-redis 5 client whose connect() has not resolved', (url) => connecting(createClient({ url, disableOfflineQueue: true }))],
  ['a node-redis 6 client whose connect() has not resolved', (url) => connecting(createClient6({ url, disableOfflineQueue: true }))],
];

const notReady = (client: unknown) => !toScriptClient(client).isReady();

describe('a Redis client used before its first connection', () => {
  it.each(standalone)('serves the first request once %s connects to a server that starts a moment later', async (_name, start) => {
    const server = await OwnRedisServer.onFreePort();
    const { client, close } = start(server.url);
    try {
      const store = new RedisOtpStore({ client, prefix: uniquePrefix('startup'), timeoutMs: 10_000 });
      const { app, outbox } = createTestApp({ strategy: { store }, verifyOptions: { successRedirect: '/account' } });
      const agent = request.agent(app);
      let answered = false;
      const prompt = passFirstFactor(agent).finally(() => (answered = true));
      // The prompt is waiting on the store while nothing listens on the port yet.
      await sleep(300);
      expect(answered).toBe(false);
      expect(notReady(client)).toBe(true);
      await server.restart();

      expect((await prompt).status).toBe(200);
      expect(outbox.messages).toHaveLength(1);
      await agent.post('/login/sms').type('form').send({ code: outbox.latestCode() }).expect(302).expect('Location', '/account');
    } finally {
      close();
      await server.stop();
    }
  }, 30_000);

  it('fails closed with a 503 and sends nothing when the client is not ready within timeoutMs', async () => {
    const server = await OwnRedisServer.start();
    // A frozen server takes the connection and never answers: the client stays in its handshake.
    server.pause();
    const client = new Redis(server.url).on('error', ignore);
    const prefix = uniquePrefix('startup-late');
    try {
      const store = new RedisOtpStore({ client, prefix, timeoutMs: 500 });
      const { app, outbox } = createTestApp({ strategy: { store } });
      const started = Date.now();
      const response = await passFirstFactor(request.agent(app));
      expect(response.status).toBe(503);
      expect(response.text).toContain('Verification is unavailable right now.');
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(outbox.messages).toHaveLength(0);

      // Nothing was queued for later either: once the client connects, Redis holds no key of the store.
      server.resume();
      await waitFor(() => client.status === 'ready');
      expect(await client.keys(`${prefix}*`)).toEqual([]);
    } finally {
      server.resume();
      client.disconnect();
      await server.stop();
    }
  }, 30_000);

  it('fails closed at once, not after timeoutMs, once a client that was ready lost its server', async () => {
    const server = await OwnRedisServer.start();
    const client = new Redis(server.url).on('error', ignore);
    try {
      const store = new RedisOtpStore({ client, prefix: uniquePrefix('startup-lost'), timeoutMs: 10_000 });
      const { app } = createTestApp({ strategy: { store } });
      const agent = request.agent(app);
      expect((await passFirstFactor(agent)).status).toBe(200);
      await server.stop();
      await waitFor(() => notReady(client));
      const started = Date.now();
      expect((await agent.get('/login/sms')).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      client.disconnect();
      await server.stop();
    }
  }, 30_000);

  it('rejects with OtpStoreUnavailableError once timeoutMs pass without a first connection', async () => {
    // Nothing listens on port 1: the client retries for ever and never becomes ready.
    const { client, close } = connecting(createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }));
    try {
      const store = new RedisOtpStore({ client, timeoutMs: 100 });
      const taking = store.takeQuota({ subject: 'n:startup', now: Date.now(), max: 1, windowMs: 60_000 });
      await expect(taking).rejects.toBeInstanceOf(OtpStoreUnavailableError);
      await expect(taking).rejects.toThrow('Redis did not connect within 100 ms.');
    } finally {
      close();
    }
  });
});

describe('a Redis Cluster client used before its first connection', () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 30_000);
  afterAll(() => cluster?.stop());

  const clusters: [string, () => StartingClient][] = [
    [
      'an ioredis cluster made with new Cluster(nodes)',
      () => {
        const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port }))).on('error', ignore);
        return { client, close: () => client.disconnect() };
      },
    ],
    ['a node-redis 5 cluster whose connect() has not resolved', () => connecting(createCluster({ rootNodes: rootNodes() }))],
    ['a node-redis 6 cluster whose connect() has not resolved', () => connecting(createCluster6({ rootNodes: rootNodes() }))],
  ];
  const rootNodes = () => cluster.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` }));

  it.each(clusters)('answers once %s is connected', async (_name, start) => {
    const { client, close } = start();
    try {
      const store = new RedisOtpStore({ client, prefix: uniquePrefix('startup-cluster'), timeoutMs: 10_000 });
      expect(notReady(client)).toBe(true);
      await expect(store.takeQuota({ subject: 'n:startup', now: Date.now(), max: 1, windowMs: 60_000 })).resolves.toEqual({ granted: true });
    } finally {
      // A cluster closed in the middle of its discovery may open node connections after that.
      await waitFor(() => !notReady(client));
      close();
    }
  });
});
