import { createClient } from 'redis';
import { OwnRedisServer } from '../test/support/redis';

/** Calls per Redis command, from INFO commandstats. */
export type CommandCounts = Record<string, number>;

/**
 * A redis-server of the bench's own on a free loopback port, without persistence,
 * so that its command statistics count the bench's commands only.
 */
export class RedisServer {
  private constructor(
    private readonly server: OwnRedisServer,
    private readonly client: ReturnType<typeof createClient>,
  ) {}

  /** Started the way the tests start theirs: from PATH, `--save "" --appendonly no`, on a free port. */
  static async start(): Promise<RedisServer> {
    const server = await OwnRedisServer.start();
    const client = createClient({ url: server.url });
    client.on('error', () => undefined);
    await client.connect();
    return new RedisServer(server, client);
  }

  get url(): string {
    return this.server.url;
  }

  /** Empties the data set and zeroes the statistics. */
  async reset(): Promise<void> {
    await this.client.flushAll();
    await this.client.configResetStat();
  }

  /** Zeroes the statistics only. */
  async resetStats(): Promise<void> {
    await this.client.configResetStat();
  }

  /** Calls per command since the last reset, the harness's own INFO and CONFIG calls left out. */
  async commandCounts(): Promise<CommandCounts> {
    const info = await this.client.info('commandstats');
    const counts: CommandCounts = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      if (match[1] !== 'info' && !match[1].startsWith('config')) counts[match[1]] = Number(match[2]);
    }
    return counts;
  }

  async stop(): Promise<void> {
    await this.client.quit().catch(() => undefined);
    await this.server.stop();
  }
}
