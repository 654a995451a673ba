/**
 * The test app with the package's default logger, run in its own process so that a test can read
 * its stderr through a pipe, as systemd, Docker or a process manager would. Texts go to the gateway
 * at GATEWAY_URL; the strategy is named STRATEGY_NAME. Prints `{"port":…}` on stdout once it listens.
 */
import type { AddressInfo } from 'node:net';
import { CustomHttpProvider } from '../../lib';
import { createTestApp } from './testApp';

const provider = new CustomHttpProvider({ url: process.env.GATEWAY_URL ?? '', payloadTemplate: '{"content": {{body}}, "to": {{mobile}}}', timeoutMs: 2000 });
const { app } = createTestApp({ provider, strategy: { name: process.env.STRATEGY_NAME, logger: undefined } });
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
