import { randomUUID } from 'node:crypto';
import { InvalidOptionError } from '../errors';
import { DEFAULTS } from '../config/defaults';
import { optionNames, optional, required } from '../config/validate';
import type { DeliveryReceiptReader } from './DeliveryReceipt';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import { devReceipts } from './devReceipts';

/** Options of `new ConsoleProvider(options)`. */
export interface ConsoleProviderOptions {
  /**
   * Lets it run when `NODE_ENV=production`, where it would print codes to the logs.
   * @defaultValue `false`
   */
  allowInProduction?: boolean;
  /** Where each message is written. Default: standard error. */
  write?: (text: string) => void;
  /**
   * Development receipts, so that a failed delivery can be tried without a phone: `send` resolves
   * with a random message id, and `deliveryReceipts('console')` takes unsigned receipts for it, as
   * JSON or form fields, `{ messageId, state: 'delivered' | 'failed', code?, fault?: 'recipient' }`.
   * Refused when `NODE_ENV=production`, even with `allowInProduction`: anyone could post them.
   * @defaultValue `false`
   */
  receipts?: boolean;
}

const CONSOLE_OPTIONS = optionNames<ConsoleProviderOptions>({ allowInProduction: true, write: true, receipts: true });

/**
 * Prints each text message, and each call's digits, instead of sending them, for development and
 * tests. It refuses to be created in production, where codes would end up in the logs.
 */
export class ConsoleProvider implements SmsProvider {
  readonly name = 'console';
  /** It "calls" by printing the digits. */
  readonly voice = true;
  /** Development receipts with the `receipts` option; `undefined` without. */
  readonly receipts: DeliveryReceiptReader | undefined;
  readonly #write: (text: string) => void;

  constructor(options: ConsoleProviderOptions = {}) {
    const given = required.options<ConsoleProviderOptions>('', options, CONSOLE_OPTIONS);
    const allowInProduction = optional.boolean('allowInProduction', given.allowInProduction, DEFAULTS.console.allowInProduction);
    const production = process.env.NODE_ENV === 'production';
    if (production && !allowInProduction) {
      throw new InvalidOptionError(
        'provider',
        'a real SMS provider when NODE_ENV=production (ConsoleProvider prints codes to the logs; pass allowInProduction: true to force it)',
      );
    }
    const receipts = optional.boolean('receipts', given.receipts, DEFAULTS.console.receipts);
    if (receipts && production) {
      throw new InvalidOptionError('receipts', 'false when NODE_ENV=production (development receipts are unsigned: anyone could post one)', 'true');
    }
    this.receipts = receipts ? devReceipts : undefined;
    this.#write = optional.function<(text: string) => void, (text: string) => void>('write', given.write, (text) => process.stderr.write(text));
  }

  /** Prints the message; resolves with a random message id with `receipts`, else with the recipient. */
  async send(message: SmsMessage): Promise<SentMessage | { to: string }> {
    this.#write(
      message.channel === 'voice'
        ? `[passport-sms-otp] Voice call to ${message.to}: ${message.digits ?? message.body}\n`
        : `[passport-sms-otp] SMS to ${message.to}:\n${message.body}\n`,
    );
    // Random, so that a page that may post dev receipts cannot name a text it did not see.
    return this.receipts ? { messageIds: [randomUUID()] } : { to: message.to };
  }
}
