import { ConsoleProvider, smsSegments, type Channel, type DeliveryReceiptReader, type DeliveryState, type SentMessage, type SmsMessage, type SmsProvider, type SmsSegments } from '../lib';

/** One text message, or one call, as the development inbox shows it. */
export interface InboxMessage {
  /** The id the console gave it, which the receipts the inbox posts for it name. */
  readonly id: string;
  readonly channel: Channel;
  readonly to: string;
  /** The text; for a call, the words spoken. */
  readonly body: string;
  /** For a call: the code's characters, spaced, as the voice reads them (`1 2 3 4 5 6`). */
  readonly digits: string | undefined;
  readonly sentAt: Date;
  /** For a text: what it would cost, GSM-7 or UCS-2, and the SMS it is billed as. */
  readonly cost: SmsSegments | undefined;
  /**
   * What the receipts the inbox posted said: `accepted` until it posts one the app takes (204). The
   * app answers 204 to a receipt for a code a newer one replaced too, and changes nothing then.
   */
  readonly delivery: DeliveryState;
  /** After "cannot receive texts": the receipt said the number is at fault. */
  readonly cannotReceiveTexts: boolean;
  /** The status the app answered the latest receipt with, when it did not take it (404: a message it does not track). */
  readonly refusedWith: number | undefined;
}

/** What a receipt the inbox posted said, and what the app answered. */
export interface InboxReceipt {
  readonly state: Exclude<DeliveryState, 'accepted'>;
  readonly cannotReceiveTexts: boolean;
  /** The HTTP status of the receipts URL's answer: 204 when the app took it. */
  readonly answer: number;
}

type Kept = { -readonly [K in keyof InboxMessage]: InboxMessage[K] };

/**
 * A development SMS provider: the package's `ConsoleProvider` (which prints each text and call)
 * that also keeps them, so `/dev/sms` can show them to someone without a phone, under the
 * console's name, with its calls and its development receipts: the inbox page posts a receipt for
 * a text ("delivered", "undelivered") to `deliveryReceipts('console')`, to show the prompt after a
 * failed text. Development only: the console refuses to start in production (its receipts even
 * more so), and the inbox routes are not mounted there.
 */
export class DevInbox implements SmsProvider {
  readonly name = 'console';
  readonly voice: boolean;
  readonly receipts: DeliveryReceiptReader | undefined;
  readonly #console: ConsoleProvider;
  readonly #messages: Kept[] = [];
  readonly #limit: number;

  /** `write`: where the console provider prints (default standard error); `limit`: messages kept (default 50). */
  constructor(options: { write?: (text: string) => void; limit?: number } = {}) {
    this.#console = new ConsoleProvider({ write: options.write, receipts: true });
    this.voice = this.#console.voice;
    this.receipts = this.#console.receipts;
    this.#limit = options.limit ?? 50;
  }

  async send(message: SmsMessage): Promise<SentMessage> {
    const sent = (await this.#console.send(message)) as SentMessage;
    const voice = message.channel === 'voice';
    this.#messages.unshift({
      id: sent.messageIds[0],
      channel: message.channel,
      to: message.to,
      body: message.body,
      digits: voice ? message.digits : undefined,
      sentAt: new Date(),
      cost: voice ? undefined : smsSegments(message.body),
      delivery: 'accepted',
      cannotReceiveTexts: false,
      refusedWith: undefined,
    });
    this.#messages.length = Math.min(this.#messages.length, this.#limit);
    return sent;
  }

  /** The messages sent, newest first. */
  get messages(): readonly InboxMessage[] {
    return this.#messages.map((message) => Object.freeze({ ...message }));
  }

  /** The message with this id, while the inbox keeps it. */
  message(id: string): InboxMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  /** Notes a receipt posted for a message: its state once the app took it, else the app's answer. */
  noteReceipt(id: string, receipt: InboxReceipt): void {
    const message = this.#messages.find((kept) => kept.id === id);
    if (!message) return;
    if (receipt.answer === 204) {
      message.delivery = receipt.state;
      message.cannotReceiveTexts = receipt.cannotReceiveTexts;
    }
    message.refusedWith = receipt.answer === 204 ? undefined : receipt.answer;
  }
}
