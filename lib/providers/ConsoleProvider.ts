import { InvalidOptionError } from '../errors';
import { DEFAULTS } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import type { SmsMessage, SmsProvider } from './SmsProvider';

/** Options of `new ConsoleProvider(options)`. */
export interface ConsoleProviderOptions {
  /**
   * Lets it run when `NODE_ENV=production`, where it would print codes to the logs.
   * @defaultValue `false`
   */
  allowInProduction?: boolean;
  /** Where each message is written. Default: standard error. */
  write?: (text: string) => void;
}

const CONSOLE_OPTIONS = optionNames<ConsoleProviderOptions>({ allowInProduction: true, write: true });

/**
 * Prints each text message instead of sending it, for development and tests.
 * It refuses to be created in production, where codes would end up in the logs.
 */
export class ConsoleProvider implements SmsProvider {
  readonly name = 'console';
  readonly #write: (text: string) => void;

  constructor(options: ConsoleProviderOptions = {}) {
    const given = required.options<ConsoleProviderOptions>('', options, CONSOLE_OPTIONS);
    const allowInProduction = optional.boolean('allowInProduction', given.allowInProduction, DEFAULTS.console.allowInProduction);
    if (process.env.NODE_ENV === 'production' && !allowInProduction) {
      throw new InvalidOptionError(
        'provider',
        'a real SMS provider when NODE_ENV=production (ConsoleProvider prints codes to the logs; pass allowInProduction: true to force it)',
      );
    }
    this.#write = optional.function<(text: string) => void, (text: string) => void>('write', given.write, (text) => process.stderr.write(text));
  }

  async send(message: SmsMessage): Promise<{ to: string }> {
    this.#write(`[passport-sms-otp] SMS to ${message.to}:\n${message.body}\n`);
    return { to: message.to };
  }
}
