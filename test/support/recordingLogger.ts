import type { SmsOtpLogger } from '../../lib';

/** One line a logger was given, as pino would receive it. */
export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line it is given, in order. */
export function recordingLogger(): { logger: SmsOtpLogger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const record = (level: LoggedLine['level']) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  return { logger: { info: record('info'), warn: record('warn'), error: record('error') }, lines };
}
