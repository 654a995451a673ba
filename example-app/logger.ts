import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { ExampleConfig } from './config';

/**
 * Paths censored if they ever reach a log line, as a second line of defence behind the request
 * serializers below (which keep headers and bodies out altogether).
 */
const REDACTED = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
];

/** The app's logger: JSON lines (pino), with secrets censored. */
export function createLogger(config: Pick<ExampleConfig, 'logLevel' | 'logStream'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED, censor: '[redacted]' } }, config.logStream);
}

/** One log line per request, without the noise of the stylesheet and script. */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/static/') },
    // Only what an operator needs: no headers (cookies, tokens) and no bodies (passwords, codes).
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}
