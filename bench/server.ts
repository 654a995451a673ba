/**
 * The app process of one bench run: it builds the bench app on the configured backend,
 * listens on a free loopback port and answers the harness over IPC.
 */
import type { AddressInfo } from 'node:net';
import { createBenchApp } from './app';
import { CapturingProvider } from './CapturingProvider';
import { benchUser, type AppConfig, type Reply, type Request } from './protocol';
import { createStores, type Stores } from './stores';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_APP ?? '{}') as AppConfig;
  const stores = await createStores(config.backend, config.redisUrl);
  const provider = new CapturingProvider(config.providerLatencyMs);
  const app = createBenchApp({ sessionStore: stores.sessionStore, otpStore: stores.otpStore, provider, users: config.users, logger: config.logger });
  const server = app.listen(0, '127.0.0.1', () => {
    reply({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  server.keepAliveTimeout = 60_000;
  process.on('message', (request: Request) => {
    answer(request, stores, provider).then(reply, (err: unknown) => {
      process.stderr.write(`bench app: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
  });
  process.on('disconnect', () => {
    server.close();
    stores.close().finally(() => process.exit(0));
  });
}

async function answer(request: Request, stores: Stores, provider: CapturingProvider): Promise<Reply> {
  switch (request.type) {
    case 'codes':
      return { type: 'codes', codes: request.users.map((i) => provider.takeCode(benchUser(i).mobile) ?? null) };
    case 'stats':
      return {
        type: 'stats',
        stats: {
          sends: provider.sends,
          peakSendsInFlight: provider.peakInFlight,
          otpStoreCommands: stores.otpStoreTraffic().commands,
          otpStoreRoundTrips: stores.otpStoreTraffic().roundTrips,
          otpStoreUnawaitedRoundTrips: stores.otpStoreTraffic().unawaitedRoundTrips,
          cpuMicros: cpuMicros(),
        },
      };
    case 'memory': {
      const sample = await stores.sample(500);
      const sessionBytes = sample.sessions.reduce((sum, json) => sum + Buffer.byteLength(json), 0);
      return {
        type: 'memory',
        memory: {
          sampled: sample.sessions.length,
          sessionBytes: sample.sessions.length ? Math.round(sessionBytes / sample.sessions.length) : Number.NaN,
          storeBytes: sample.storeBytes,
          storeMeasure: sample.storeMeasure,
        },
      };
    }
  }
}

function reply(message: Reply): void {
  process.send?.(message);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench app failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
