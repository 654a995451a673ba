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

/** A level of {@link SmsOtpLogger}. */
export type LogLevel = keyof SmsOtpLogger;

const LEVELS: readonly LogLevel[] = ['info', 'warn', 'error'];

/** A level nobody hears: what is logged at it is not even formatted. */
const IGNORE = (): void => undefined;

/** A logger that writes nothing (`logger: false`): events are not even built for it. */
export const SILENT: SmsOtpLogger = Object.freeze<SmsOtpLogger>({ info: IGNORE, warn: IGNORE, error: IGNORE });

/**
 * The default: what an operator must act on, one line each on stderr, in every environment
 * (`passport-sms-otp warn sms-otp send_failed: … {"strategy":"sms-otp",…}`). Successes (`info`) are
 * not written: a successful sign-in writes nothing, since a write to a pipe (stderr under systemd,
 * Docker or a process manager) is synchronous on Linux and would cost every verify.
 */
const OPERATOR: SmsOtpLogger = Object.freeze<SmsOtpLogger>({
  info: IGNORE,
  warn: (fields, message) => writeLine('warn', fields, message),
  error: (fields, message) => writeLine('error', fields, message),
});

function writeLine(level: LogLevel, fields: Record<string, unknown>, message: string): void {
  process.stderr.write(`passport-sms-otp ${level} ${message} ${JSON.stringify(fields)}\n`);
}

/** Whether anything logged at `level` is heard; when not, the caller need not format it. */
export function hears(logger: SmsOtpLogger, level: LogLevel): boolean {
  return logger[level] !== IGNORE;
}

/**
 * Validates the `logger` option: unset (the default, warnings and errors on stderr), `false`
 * (silent), or an object with `info`, `warn` and `error`. Every line it is given carries the
 * strategy's name as `strategy`, so that two strategies log apart.
 */
export function resolveLogger(option: unknown, strategy: string): SmsOtpLogger {
  if (option === false) return SILENT;
  const candidate = (option ?? OPERATOR) as Partial<SmsOtpLogger> | null;
  if (candidate === null || typeof candidate !== 'object' || LEVELS.some((level) => typeof candidate[level] !== 'function')) {
    throw new InvalidOptionError('logger', 'false, or a logger with info, warn and error methods (such as pino)');
  }
  const logger = candidate as SmsOtpLogger;
  const named = (level: LogLevel): SmsOtpLogger[LogLevel] => {
    if (!hears(logger, level)) return IGNORE;
    // Bound, so a logger whose methods use `this` (pino's do) keeps working when called on its own.
    const write = logger[level].bind(logger);
    return (fields, message) => write({ strategy, ...fields }, message);
  };
  return Object.freeze({ info: named('info'), warn: named('warn'), error: named('error') });
}
