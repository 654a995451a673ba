import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';
import { createClient as createClient6, RESP_TYPES as RESP_TYPES6 } from 'redis6';
import { InvalidOptionError } from '../lib';
import type { Script } from '../lib/store/redis/redisScripts';
import { toScriptClient, type RedisClientKind, type SupportedRedisClient } from '../lib/store/redis/redisScriptClient';
import {
  connectIoredis,
  connectIoredisCluster,
  connectNodeRedis,
  connectNodeRedis6,
  connectNodeRedis6Cluster,
  connectNodeRedisCluster,
  type TestClient,
  type TestRedis6ClusterClient,
  type TestRedisClusterClient,
} from './support/redisClients';
import { startRedisCluster, useRedisDeployments, type TestRedisCluster } from './support/redisCluster';
import { OwnRedisServer, uniquePrefix, waitFor } from './support/redis';

/** A script as `redisScripts.ts` makes them. */
function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Writes both keys, then answers with a table of every reply type a store script uses. */
const EVERY_REPLY_TYPE = script(`
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'n', ARGV[2])
return {redis.call('GET', KEYS[1]), redis.call('HINCRBY', KEYS[2], 'n', 1), redis.call('HGET', KEYS[2], 'missing'), {false, 'nested', 7}}
`);
const AN_INTEGER = script(`return redis.call('HINCRBY', KEYS[2], 'n', 10)`);
const A_STRING = script(`return redis.call('GET', KEYS[1])`);
const NOTHING = script(`return redis.call('HGET', KEYS[2], 'missing')`);

const deployments = useRedisDeployments();

// Typed as the store's own view of a client: a library whose types stopped matching it fails to compile here.
const kinds: [string, RedisClientKind, () => Promise<TestClient<SupportedRedisClient>>][] = [
  ['node-redis 5', 'node-redis', () => connectNodeRedis(deployments().standalone.url)],
  ['node-redis 5 cluster', 'node-redis-cluster', () => connectNodeRedisCluster(deployments().cluster)],
  ['node-redis 6 (RESP3)', 'node-redis', () => connectNodeRedis6(deployments().standalone.url)],
  ['node-redis 6 cluster (RESP3)', 'node-redis-cluster', () => connectNodeRedis6Cluster(deployments().cluster)],
  ['ioredis', 'ioredis', () => connectIoredis(deployments().standalone.url)],
  ['ioredis cluster', 'ioredis-cluster', () => connectIoredisCluster(deployments().cluster)],
];

describe.each(kinds)('through %s', (label, kind, connect) => {
  const prefix = uniquePrefix(`scripts-${label.replace(/\W+/g, '-')}`);
  const keys = [`${prefix}{t}:a`, `${prefix}{t}:b`];
  let test: TestClient<SupportedRedisClient>;

  beforeAll(async () => {
    test = await connect();
  });

  afterAll(async () => {
    if (toScriptClient(test.client).isReady()) {
      await test.deleteKeys(prefix);
      await test.close();
    }
  });

  it('is told apart by its shape', () => {
    expect(toScriptClient(test.client).kind).toBe(kind);
  });

  it('is ready once connected', () => {
    expect(toScriptClient(test.client).isReady()).toBe(true);
  });

  it('runs a script on two keys of one hash slot, with replies in the same shapes as every other kind', async () => {
    const scripts = toScriptClient(test.client);
    await expect(scripts.runScript(EVERY_REPLY_TYPE, keys, ['hello', '2'])).resolves.toEqual(['hello', 3, null, [null, 'nested', 7]]);
    await expect(scripts.runScript(AN_INTEGER, keys, [])).resolves.toBe(13);
    await expect(scripts.runScript(A_STRING, keys, [])).resolves.toBe('hello');
    await expect(scripts.runScript(NOTHING, keys, [])).resolves.toBeNull();
  });

  it('sends the source when Redis does not hold the script, then only the SHA1', async () => {
    const counter = script(`return {'counted', redis.call('INCR', KEYS[1])}`);
    const scripts = toScriptClient(test.client);
    await test.flushScripts();
    // Only EVAL can run it now: the script cache of every node is empty.
    await expect(scripts.runScript(counter, [`${prefix}{n}:count`], [])).resolves.toEqual(['counted', 1]);
    // A wrong source cannot matter any more: the node runs what it holds under the SHA1.
    await expect(scripts.runScript({ sha1: counter.sha1, source: `return 'by source'` }, [`${prefix}{n}:count`], [])).resolves.toEqual(['counted', 2]);
  });

  it('passes any other Redis error on without sending the source again', async () => {
    const failing = script(`return redis.error_reply('ERR refused on purpose')`);
    await expect(toScriptClient(test.client).runScript(failing, keys, [])).rejects.toThrow('refused on purpose');
  });

  it('is not ready once the client is closed', async () => {
    const scripts = toScriptClient(test.client);
    await test.deleteKeys(prefix);
    await test.close();
    // ioredis's quit resolves with Redis's OK, a moment before the socket closes.
    await waitFor(() => !scripts.isReady(), 1000);
  });
});

describe('a client that lost its server', () => {
  let server: OwnRedisServer;

  beforeEach(async () => {
    server = await OwnRedisServer.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it.each([
    ['node-redis 5', connectNodeRedis],
    ['node-redis 6', connectNodeRedis6],
    ['ioredis', connectIoredis],
  ] as const)('is not ready while %s reconnects', async (_kind, connect) => {
    const test = await connect(server.url);
    const scripts = toScriptClient(test.client);
    await server.stop();
    await waitFor(() => !scripts.isReady());
    await server.restart();
    await waitFor(() => scripts.isReady());
    await test.close();
  });
});

describe('a cluster that lost a master', () => {
  const key = '{lost}:key';
  let own: TestRedisCluster;
  let nodeRedis: TestClient<TestRedisClusterClient>;
  let nodeRedis6: TestClient<TestRedis6ClusterClient>;
  let ioredis: TestClient<Cluster>;

  beforeAll(async () => {
    own = await startRedisCluster();
    [nodeRedis, nodeRedis6, ioredis] = await Promise.all([connectNodeRedisCluster(own), connectNodeRedis6Cluster(own), connectIoredisCluster(own)]);
    await own.stopNode(await own.masterOf(key));
  }, 30_000);

  afterAll(async () => {
    // Not close(): it would wait for replies from the stopped master.
    nodeRedis?.client.destroy();
    nodeRedis6?.client.destroy();
    ioredis?.client.disconnect();
    await own?.stop();
  });

  it.each([
    ['5', () => nodeRedis.client],
    ['6', () => nodeRedis6.client],
  ] as const)('is not ready through node-redis %s, which would otherwise hold commands for that master', async (_major, client) => {
    await waitFor(() => !toScriptClient(client()).isReady());
  });

  it('stays ready through ioredis, which fails that master\'s keys after its failover retries', async () => {
    const scripts = toScriptClient(ioredis.client);
    await expect(scripts.runScript(script(`return redis.call('GET', KEYS[1])`), [key], [])).rejects.toThrow('Too many Cluster redirections');
    expect(scripts.isReady()).toBe(true);
  });

  it('is not ready through ioredis once a command finds every master gone', async () => {
    const scripts = toScriptClient(ioredis.client);
    for (const port of own.ports) await own.stopNode(port);
    // ioredis connects to a master when a command first needs it, so a command has to find them gone.
    await expect(scripts.runScript(script(`return 1`), [key], [])).rejects.toThrow();
    await waitFor(() => !scripts.isReady());
  });
});

describe('telling clients apart', () => {
  it.each([
    ['undefined', undefined],
    ['a string', 'redis://127.0.0.1:6379'],
    ['a plain object', { get: () => undefined }],
    ['an instance of Map', new Map()],
  ])('refuses %s, naming the four accepted kinds', (_name, value) => {
    const error = (() => {
      try {
        toScriptClient(value);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'RedisOtpStore.client' });
    expect((error as Error).message).toMatch(/createClient\(\) or createCluster\(\) from "redis".*new Redis\(\) or new Cluster\(\) from "ioredis"/);
  });

  it('says what it got instead', () => {
    expect(() => toScriptClient(new Map())).toThrow('got an instance of Map');
  });

  it('knows clients made by another copy of each library', async () => {
    let other: { createClient: typeof createClient; Redis: typeof Redis } | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      other = { createClient: require('redis').createClient, Redis: require('ioredis').Redis };
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    expect(other?.createClient).not.toBe(createClient);
    expect(other?.Redis).not.toBe(Redis);
    const nodeRedis = await other!.createClient({ url: deployments().standalone.url }).on('error', () => undefined).connect();
    const ioredis = new other!.Redis(deployments().standalone.url, { lazyConnect: true }).on('error', () => undefined);
    await ioredis.connect();
    try {
      expect(toScriptClient(nodeRedis).kind).toBe('node-redis');
      expect(toScriptClient(ioredis).kind).toBe('ioredis');
      await expect(toScriptClient(ioredis).runScript(script(`return 'from another copy'`), [], [])).resolves.toBe('from another copy');
    } finally {
      await Promise.all([nodeRedis.close(), ioredis.quit()]);
    }
  });

  it.each([
    ['5', () => createClient({ url: deployments().standalone.url }), RESP_TYPES.BLOB_STRING],
    ['6', () => createClient6({ url: deployments().standalone.url }), RESP_TYPES6.BLOB_STRING],
  ] as const)('reads strings as strings from a node-redis %s client that maps them to Buffers', async (_major, create, blobString) => {
    const client = await create().on('error', () => undefined).connect();
    try {
      const buffers = client.withTypeMapping({ [blobString]: Buffer });
      await expect(toScriptClient(buffers).runScript(script(`return {'text', 1, false}`), [], [])).resolves.toEqual(['text', 1, null]);
    } finally {
      await client.close();
    }
  });

  it('loads neither Redis library itself', () => {
    const root = path.join(__dirname, '..');
    const loaded = execFileSync(
      process.execPath,
      ['--require', 'tsx/cjs', '-e', "require('./lib/store/redis/redisScriptClient'); console.log(Object.keys(require.cache).filter((file) => /node_modules\\/(ioredis|redis|@redis)\\//.test(file)).length)"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('0');
  });
});
