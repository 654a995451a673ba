import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeRedis6Beside, redisVersionIn } from './support/nodeRedis6Beside';
import { repoRoot, repoTempDir } from './support/repoTempDir';

/** An app's Redis set-up in TypeScript, with `redis` as npm installs it today (node-redis 6). */
const APP = `
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster, RESP_TYPES } from 'redis';
import { ConsoleProvider, RedisOtpStore, SmsOtpStrategy } from 'passport-sms-otp';
import { RedisOtpStore as StoreFromSubpath, type RedisOtpStoreOptions } from 'passport-sms-otp/store';

const redis = createClient({
  url: process.env.REDIS_URL,
  disableOfflineQueue: true,
  socket: { connectTimeout: 5000, reconnectStrategy: (retries: number, cause: Error) => (retries < 50 ? 100 : new Error(cause.message)) },
});
const overResp2 = createClient({ RESP: 2 });
const buffers = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
const cluster = createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:6379' }], defaults: { disableOfflineQueue: true } });
const clients = [redis, overResp2, buffers, cluster, new Redis({ lazyConnect: true }), new Cluster([{ host: '10.0.0.1', port: 6379 }], { lazyConnect: true })];
const stores = clients.map((client) => new RedisOtpStore({ client, prefix: 'sms-otp:', timeoutMs: 2000 }));

const options: RedisOtpStoreOptions = { client: cluster };
const strategy = new SmsOtpStrategy({ provider: new ConsoleProvider(), store: new StoreFromSubpath(options) });
const sessions = [redis, cluster].map((client) => session({ store: new RedisStore({ client, prefix: 'sess:' }), secret: 's', resave: false, saveUninitialized: false }));

// @ts-expect-error A misspelt option does not compile: the options above were checked.
new RedisOtpStore({ client: redis, prefx: 'sms-otp:' });
export { sessions, stores, strategy };
`;

describe('the store’s types, for an app on node-redis 6', () => {
  const temp = repoTempDir('redis-types');
  afterAll(() => temp.remove());

  it('compile under strict with a node-redis 6 client, cluster and type-mapped client, and ioredis', async () => {
    if (!existsSync(path.join(repoRoot, 'dist', 'index.d.ts'))) throw new Error('dist/ is missing: npm test builds it first (npm run build)');
    nodeRedis6Beside(temp.dir);
    expect(redisVersionIn(temp.dir)).toMatch(/^6\./);
    writeFileSync(path.join(temp.dir, 'app.ts'), APP);
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'ES2022', '--esModuleInterop', '--types', 'node', 'app.ts'];
    const result = await promisify(execFile)(process.execPath, args, { cwd: temp.dir }).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
    expect(result.stdout).toBe('');
  }, 60_000);
});
