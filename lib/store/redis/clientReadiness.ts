import type { RedisScriptClient } from './redisScriptClient';

/** `'starting'`: never ready yet; `'lost'`: ready before, disconnected now. */
export type ReadinessState = 'ready' | 'starting' | 'lost';

/**
 * Tells a client that is still making its first connection (ioredis's `new Redis(url)` used at
 * once, node-redis's `connect()` not resolved yet) from one that lost its server. The first is
 * worth waiting for; the second fails closed at once, since waiting would only pile requests up
 * for as long as Redis is away.
 */
export class ClientReadiness {
  readonly #client: Pick<RedisScriptClient, 'isReady' | 'onceReady'>;
  #beenReady: boolean;
  /** Requests waiting for the first connection, each woken by the one listener on the client. */
  readonly #waiting = new Set<() => void>();

  constructor(client: Pick<RedisScriptClient, 'isReady' | 'onceReady'>) {
    this.#client = client;
    this.#beenReady = client.isReady();
    if (!this.#beenReady) client.onceReady(() => this.#becameReady());
  }

  state(): ReadinessState {
    if (this.#client.isReady()) {
      this.#beenReady = true;
      return 'ready';
    }
    return this.#beenReady ? 'lost' : 'starting';
  }

  /** Resolves to true once the client is first ready, or to false when `ms` pass before that. */
  firstReady(ms: number): Promise<boolean> {
    if (this.#beenReady) return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (ready: boolean) => {
        clearTimeout(timer);
        this.#waiting.delete(wake);
        resolve(ready);
      };
      const wake = () => settle(true);
      const timer = setTimeout(() => settle(false), ms);
      this.#waiting.add(wake);
    });
  }

  #becameReady(): void {
    this.#beenReady = true;
    for (const wake of this.#waiting) wake();
  }
}
