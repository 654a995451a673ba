import { InvalidOptionError } from '../errors';

/**
 * Where the package reports what happened: pino's shape (`logger.warn(fields, message)`), so a pino
 * logger, or a child of the app's, works as it is. Fields never hold a code or a full number.
 */
export interface SmsOtpLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that writes nothing (`logger: false`): events are not even formatted for it. */
export const SILENT: SmsOtpLogger = Object.freeze<SmsOtpLogger>({ info: () => undefined, warn: () => undefined, error: () => undefined });

/**
 * The default: one line per event on stderr, in every environment, so a failed send is never
 * invisible. `passport-sms-otp warn send_failed {"provider":"twilio",…}`.
 */
const STDERR: SmsOtpLogger = Object.freeze<SmsOtpLogger>({
  info: (fields, message) => writeLine('info', fields, message),
  warn: (fields, message) => writeLine('warn', fields, message),
  error: (fields, message) => writeLine('error', fields, message),
});

function writeLine(level: string, fields: Record<string, unknown>, message: string): void {
  process.stderr.write(`passport-sms-otp ${level} ${message} ${JSON.stringify(fields)}\n`);
}

/** Validates the `logger` option: unset (stderr), `false` (silent), or an object with `info`, `warn` and `error`. */
export function resolveLogger(option: unknown): SmsOtpLogger {
  if (option === undefined) return STDERR;
  if (option === false) return SILENT;
  const candidate = option as Partial<SmsOtpLogger> | null;
  if (candidate === null || typeof candidate !== 'object' || ['info', 'warn', 'error'].some((level) => typeof candidate[level as keyof SmsOtpLogger] !== 'function')) {
    throw new InvalidOptionError('logger', 'false, or a logger with info, warn and error methods (such as pino)');
  }
  const logger = candidate as SmsOtpLogger;
  // Bound, so a logger whose methods use `this` (pino's do) keeps working when called on its own.
  return Object.freeze({ info: logger.info.bind(logger), warn: logger.warn.bind(logger), error: logger.error.bind(logger) });
}
