import type { SmsOtpLogger } from '../../lib';

/** One line as a logger of pino's shape receives it. */
export interface LoggedLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A logger that keeps every line, as pino would receive them. */
export function recordingLogger(): { logger: SmsOtpLogger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const logger: SmsOtpLogger = {
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => void lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => void lines.push({ level: 'error', fields, message }),
  };
  return { logger, lines };
}
