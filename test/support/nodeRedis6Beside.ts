import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repoTempDir';

/**
 * Makes `redis` resolve to node-redis 6 for code in `dir` (inside the repository), as
 * `npm install redis` gives an app today: the repository's own `redis` is v5, and v6 is installed
 * beside it as `redis6`, so `dir/node_modules/redis` links to that. Node and TypeScript both look
 * in the nearest `node_modules` first.
 */
export function nodeRedis6Beside(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules', 'redis6'), path.join(dir, 'node_modules', 'redis'), 'dir');
}

/** The version of `redis` that code in `dir` gets. */
export function redisVersionIn(dir: string): string {
  const manifest = require.resolve('redis/package.json', { paths: [dir] });
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
