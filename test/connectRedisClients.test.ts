import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import { connectIoredis, connectNodeRedis, connectNodeRedis6, connectNodeRedis6Cluster, connectNodeRedisCluster } from './support/redisClients';
import { useRedisDeployments } from './support/redisCluster';
import { uniquePrefix } from './support/redis';

// The README pairs RedisOtpStore with connect-redis on the same client; these pin which kinds that holds for.

const deployments = useRedisDeployments();

describe('connect-redis 9 as the session store', () => {
  const prefix = uniquePrefix('sessions');
  const session = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, user: 'ada' } as unknown as SessionData;

  it.each([
    ['node-redis 5', () => connectNodeRedis(deployments().standalone.url)],
    ['node-redis 5 cluster', () => connectNodeRedisCluster(deployments().cluster)],
    ['node-redis 6 (RESP3)', () => connectNodeRedis6(deployments().standalone.url)],
    ['node-redis 6 cluster (RESP3)', () => connectNodeRedis6Cluster(deployments().cluster)],
  ] as const)('keeps sessions through a %s client', async (_kind, connect) => {
    const test = await connect();
    try {
      const store = new RedisStore({ client: test.client, prefix });
      await store.set('one', session);
      await expect(store.get('one')).resolves.toMatchObject({ user: 'ada' });
      await store.destroy('one');
      await expect(store.get('one')).resolves.toBeNull();
    } finally {
      await test.deleteKeys(prefix);
      await test.close();
    }
  });

  it('cannot list or clear sessions through a node-redis 5 cluster: it sends one MGET or DEL for keys of many slots', async () => {
    const test = await connectNodeRedisCluster(deployments().cluster);
    try {
      const store = new RedisStore({ client: test.client, prefix });
      for (const id of ['a', 'b', 'c', 'd']) await store.set(id, session);
      await expect(store.length()).resolves.toBe(4);
      await expect(store.all()).rejects.toThrow('CROSSSLOT');
      await expect(store.clear()).rejects.toThrow('CROSSSLOT');
    } finally {
      await test.deleteKeys(prefix);
      await test.close();
    }
  });

  it('lists and clears sessions through a node-redis 6 cluster, which splits a command over many slots by slot', async () => {
    const test = await connectNodeRedis6Cluster(deployments().cluster);
    try {
      const store = new RedisStore({ client: test.client, prefix });
      for (const id of ['a', 'b', 'c', 'd']) await store.set(id, session);
      const all = (await store.all()) as { id: string }[];
      expect(all.map((stored) => stored.id).sort()).toEqual(['a', 'b', 'c', 'd']);
      await store.clear();
      await expect(store.length()).resolves.toBe(0);
    } finally {
      await test.deleteKeys(prefix);
      await test.close();
    }
  });

  it('cannot keep sessions through ioredis: it passes SET the expiry as a node-redis v5 option object', async () => {
    const test = await connectIoredis(deployments().standalone.url);
    try {
      await expect(new RedisStore({ client: test.client, prefix }).set('one', session)).rejects.toThrow(/syntax error/i);
    } finally {
      await test.deleteKeys(prefix);
      await test.close();
    }
  });
});
