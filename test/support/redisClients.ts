import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { createClient as createClient6, createCluster as createCluster6 } from 'redis6';
import type { RedisClientKind } from '../../lib/store/redis/redisScriptClient';
import { connectRedis, NODE_REDIS_OPTIONS, type TestRedisClient } from './redis';
import type { TestRedisCluster } from './redisCluster';

/** A connected node-redis v5 cluster, as the tests use it. */
export type TestRedisClusterClient = ReturnType<typeof createCluster>;

/** A connected node-redis v6 client (installed beside v5 as `redis6`; it speaks RESP3 by default). */
export type TestRedis6Client = ReturnType<typeof createNodeRedis6>;

/** A connected node-redis v6 cluster. */
export type TestRedis6ClusterClient = ReturnType<typeof createNodeRedis6Cluster>;

/** A connected client of one kind, with the chores a test needs done on every node behind it. */
export interface TestClient<C> {
  readonly kind: RedisClientKind;
  readonly client: C;
  /** Deletes every key under `prefix`, on every master. */
  deleteKeys(prefix: string): Promise<void>;
  /** Empties the script cache of every master (`SCRIPT FLUSH`). */
  flushScripts(): Promise<void>;
  /** Closes the client (quit: waits for replies still due). */
  close(): Promise<void>;
}

/** How long a test waits for a connection; short so that a down server fails the test quickly. */
const CONNECT_TIMEOUT_MS = 2000;
const RETRY_DELAY_MS = 100;

/** A node-redis v5 client as the README advises: see `connectRedis`. */
export async function connectNodeRedis(url: string): Promise<TestClient<TestRedisClient>> {
  return nodeRedisChores(await connectRedis(url));
}

/** A node-redis v6 client, set up as v5's. */
export async function connectNodeRedis6(url: string): Promise<TestClient<TestRedis6Client>> {
  const client = createNodeRedis6(url);
  client.on('error', () => undefined);
  await client.connect();
  return nodeRedisChores(client);
}

/**
 * A node-redis v5 cluster as the README advises: an `'error'` listener, and every node's connection
 * without an offline queue and with quick reconnection.
 */
export async function connectNodeRedisCluster(cluster: TestRedisCluster): Promise<TestClient<TestRedisClusterClient>> {
  const client = createCluster({ rootNodes: rootNodes(cluster), defaults: NODE_REDIS_OPTIONS });
  client.on('error', () => undefined);
  await client.connect();
  return nodeRedisClusterChores(client, () => Promise.all(client.masters.map((master) => client.nodeClient(master))));
}

/** A node-redis v6 cluster, set up as v5's. */
export async function connectNodeRedis6Cluster(cluster: TestRedisCluster): Promise<TestClient<TestRedis6ClusterClient>> {
  const client = createNodeRedis6Cluster(cluster);
  client.on('error', () => undefined);
  await client.connect();
  return nodeRedisClusterChores(client, () => Promise.all(client.masters.map((master) => client.nodeClient(master))));
}

function createNodeRedis6(url: string) {
  return createClient6({ url, ...NODE_REDIS_OPTIONS });
}

function createNodeRedis6Cluster(cluster: TestRedisCluster) {
  return createCluster6({ rootNodes: rootNodes(cluster), defaults: NODE_REDIS_OPTIONS });
}

function rootNodes(cluster: TestRedisCluster): { url: string }[] {
  return cluster.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` }));
}

/** What the chores need of one node-redis connection, of either major. */
interface NodeRedisNode {
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[]>;
  del(key: string): Promise<unknown>;
  scriptFlush(): Promise<unknown>;
}

function nodeRedisChores<C extends NodeRedisNode & { close(): Promise<unknown> }>(client: C): TestClient<C> {
  return {
    kind: 'node-redis',
    client,
    deleteKeys: (prefix) => deleteEachKey(client, prefix),
    flushScripts: async () => void (await client.scriptFlush()),
    close: async () => void (await client.close()),
  };
}

/** `masterNodes` connects to every master (a cluster client makes a node's connection when first needed). */
function nodeRedisClusterChores<C extends { close(): Promise<unknown> }>(client: C, masterNodes: () => Promise<NodeRedisNode[]>): TestClient<C> {
  const eachMaster = async (chore: (node: NodeRedisNode) => Promise<unknown>) => {
    for (const node of await masterNodes()) await chore(node);
  };
  return {
    kind: 'node-redis-cluster',
    client,
    deleteKeys: (prefix) => eachMaster((node) => deleteEachKey(node, prefix)),
    flushScripts: () => eachMaster((node) => node.scriptFlush()),
    close: async () => void (await client.close()),
  };
}

/**
 * An ioredis client as the README advises: an `'error'` listener, no offline queue (a command
 * fails at once while disconnected) and one retry per command at most.
 */
export async function connectIoredis(url: string): Promise<TestClient<Redis>> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  return {
    kind: 'ioredis',
    client,
    deleteKeys: (prefix) => deleteIoredisKeys(client, prefix),
    flushScripts: async () => void (await client.script('FLUSH')),
    close: async () => void (await client.quit()),
  };
}

/** An ioredis cluster as the README advises: the same as `connectIoredis`, for the cluster and its nodes. */
export async function connectIoredisCluster(cluster: TestRedisCluster): Promise<TestClient<Cluster>> {
  const client = new Cluster(
    cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
    {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: () => RETRY_DELAY_MS,
      // A closing node connection (ioredis also opens one per slot refresh) is destroyed after
      // disconnectTimeout if it hangs; the default 2 s timer would outlive a test file that lost nodes.
      redisOptions: { maxRetriesPerRequest: 1, connectTimeout: CONNECT_TIMEOUT_MS, disconnectTimeout: 200 },
    },
  );
  client.on('error', () => undefined);
  await client.connect();
  const eachMaster = async (chore: (node: Redis) => Promise<unknown>) => {
    for (const node of client.nodes('master')) await chore(node);
  };
  return {
    kind: 'ioredis-cluster',
    client,
    deleteKeys: (prefix) => eachMaster((node) => deleteIoredisKeys(node, prefix)),
    flushScripts: () => eachMaster((node) => node.script('FLUSH')),
    close: async () => void (await client.quit()),
  };
}

/** One key at a time: a cluster node refuses a DEL of keys in different slots (CROSSSLOT). */
async function deleteEachKey(node: NodeRedisNode, prefix: string): Promise<void> {
  for await (const keys of node.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    for (const key of keys) await node.del(key);
  }
}

async function deleteIoredisKeys(node: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    for (const key of keys) await node.del(key);
    cursor = next;
  } while (cursor !== '0');
}
