import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config';
import { createApp } from './createApp';

/** Runs the example app on HOST:PORT (default 127.0.0.1:3000) until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const example = await createApp(config);
  let stopping = false;
  const server = createServer((req, res) => {
    // While shutting down, no connection is kept for another request: a response sent during the
    // shutdown says so, and a connection busy at the signal is closed once its response is out.
    if (stopping) res.setHeader('Connection', 'close');
    res.on('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    example.app(req, res);
  });

  server.listen(config.port, config.host, () => {
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    example.logger.info({ url }, 'example app listening');
    if (example.inbox) {
      process.stdout.write(
        `\n  Example app: ${url}\n  Sign in as alice / correct-horse, then read the code at ${url}/dev/sms\n  Press Ctrl+C to stop.\n\n`,
      );
    }
  });

  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    example.logger.info({ signal }, 'shutting down');
    // Finish requests in flight, then let go of Redis; give up after 10 seconds.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(() => {
      example.close().then(
        () => process.exit(0),
        (err: unknown) => {
          example.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`example-app: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
