import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { MemoryOtpStore, RedisOtpStore, type OtpStore } from '../../lib/store';
import { testRedis, uniquePrefix } from './redis';
import {
  connectIoredis,
  connectIoredisCluster,
  connectNodeRedis,
  connectNodeRedis6,
  connectNodeRedis6Cluster,
  connectNodeRedisCluster,
  type TestClient,
} from './redisClients';
import { startRedisCluster, type TestRedisCluster } from './redisCluster';

/** The state every app instance of one scenario shares. */
export interface SharedState {
  readonly otpStore: OtpStore;
  readonly sessionStore: session.Store;
  /**
   * Another OtpStore instance over the same keys, as a second app instance has one: on a client
   * (a connection) of its own (a shared backend only; the memory backend has none).
   */
  readonly otpStorePeer?: () => OtpStore;
}

/** Where a scenario's state lives. */
export interface Backend {
  readonly name: 'memory' | 'redis' | 'redis6' | 'ioredis' | 'redis-cluster' | 'redis6-cluster' | 'ioredis-cluster';
  /** Fresh state for one scenario, under keys no other scenario uses. */
  open(): Promise<SharedState>;
  /** Drops every key this backend wrote and lets go of its connections and servers. */
  close(): Promise<void>;
}

/** The in-process backend: app instances in one process share one MemoryOtpStore and one MemoryStore. */
export function memoryBackend(): Backend {
  return {
    name: 'memory',
    open: async () => ({ otpStore: new MemoryOtpStore(), sessionStore: new session.MemoryStore() }),
    close: async () => undefined,
  };
}

/** What one Redis deployment gives a scenario: the OTP store's client and the sessions' client. */
interface RedisDeployment {
  readonly otpClient: TestClient<unknown>;
  /** A second client of the OTP store's kind, for the peer instance. */
  readonly peerClient: TestClient<unknown>;
  /** connect-redis 9 speaks node-redis only, so an ioredis deployment keeps sessions on a node-redis client. */
  readonly sessionClient: TestClient<unknown>;
  stop(): Promise<void>;
}

/** A Redis backend, started on first use: one deployment per test file, a key prefix per scenario. */
function redisBackend(name: Backend['name'], fileName: string, deploy: () => Promise<RedisDeployment>): Backend {
  const prefix = uniquePrefix(`${fileName}:${name}`);
  let deployment: Promise<RedisDeployment> | undefined;
  let scenarios = 0;
  return {
    name,
    async open() {
      deployment ??= deploy();
      const { otpClient, peerClient, sessionClient } = await deployment;
      scenarios += 1;
      const scenarioPrefix = `${prefix}${scenarios}:`;
      return {
        otpStore: new RedisOtpStore({ client: otpClient.client, prefix: scenarioPrefix }),
        otpStorePeer: () => new RedisOtpStore({ client: peerClient.client, prefix: scenarioPrefix }),
        sessionStore: new RedisStore({ client: sessionClient.client as never, prefix: `${scenarioPrefix}sess:` }),
      };
    },
    async close() {
      if (!deployment) return;
      const { otpClient, sessionClient, stop } = await deployment;
      await otpClient.deleteKeys(prefix);
      if (sessionClient !== otpClient) await sessionClient.deleteKeys(prefix);
      await stop();
    },
  };
}

/** Standalone Redis (`REDIS_URL`, or a redis-server of this test file) through node-redis v5, for both stores. */
export function nodeRedisBackend(fileName: string): Backend {
  return onStandalone('redis', fileName, connectNodeRedis);
}

/** Standalone Redis through node-redis v6 (RESP3), for both stores. */
export function nodeRedis6Backend(fileName: string): Backend {
  return onStandalone('redis6', fileName, connectNodeRedis6);
}

function onStandalone(name: Backend['name'], fileName: string, connect: (url: string) => Promise<TestClient<unknown>>): Backend {
  return redisBackend(name, fileName, async () => {
    const redis = await testRedis();
    const [client, peerClient] = await Promise.all([connect(redis.url), connect(redis.url)]);
    const stop = async () => (await Promise.all([client.close(), peerClient.close()]), await redis.stop());
    return { otpClient: client, peerClient, sessionClient: client, stop };
  });
}

/** Standalone Redis through ioredis for the OTP store. */
export function ioredisBackend(fileName: string): Backend {
  return redisBackend('ioredis', fileName, async () => {
    const redis = await testRedis();
    const [otpClient, peerClient, sessionClient] = await Promise.all([connectIoredis(redis.url), connectIoredis(redis.url), connectNodeRedis(redis.url)]);
    const stop = async () => (await Promise.all([otpClient.close(), peerClient.close(), sessionClient.close()]), await redis.stop());
    return { otpClient, peerClient, sessionClient, stop };
  });
}

/**
 * Three backends on one 3-master Redis Cluster, started for this test file on first use and stopped
 * when the file ends: node-redis v5's cluster client, v6's, and ioredis's, for the OTP store;
 * node-redis's for sessions (v6's with v6). Call it at the top of a test file (it registers the
 * file's `afterAll`).
 */
export function clusterBackends(fileName: string): Backend[] {
  let started: Promise<TestRedisCluster> | undefined;
  afterAll(async () => {
    if (started) await (await started).stop();
  });
  type Connect = (cluster: TestRedisCluster) => Promise<TestClient<unknown>>;
  const onCluster = (name: Backend['name'], connectOtp: Connect, connectSessions: Connect = connectNodeRedisCluster) =>
    redisBackend(name, fileName, async () => {
      started ??= startRedisCluster();
      const cluster = await started;
      const [otpClient, peerClient, sessionClient] = await Promise.all([connectOtp(cluster), connectOtp(cluster), connectSessions(cluster)]);
      return { otpClient, peerClient, sessionClient, stop: async () => void (await Promise.all([otpClient.close(), peerClient.close(), sessionClient.close()])) };
    });
  return [
    onCluster('redis-cluster', connectNodeRedisCluster),
    onCluster('redis6-cluster', connectNodeRedis6Cluster, connectNodeRedis6Cluster),
    onCluster('ioredis-cluster', connectIoredisCluster),
  ];
}

/** Every backend, for scenarios written once: memory, and Redis through node-redis 5 and 6 and ioredis, standalone and as a cluster. */
export function backends(fileName: string): Backend[] {
  return [memoryBackend(), nodeRedisBackend(fileName), nodeRedis6Backend(fileName), ioredisBackend(fileName), ...clusterBackends(fileName)];
}
