import type { DeliveryReceiptReader } from './DeliveryReceipt';

/** How a message reaches the user: a text, or a call that speaks it. */
export type Channel = 'sms' | 'voice';

/** One message to deliver: a text, or (with the strategy's `voice` option) a call. */
export interface SmsMessage {
  /** The recipient's mobile number, as returned by `getMobile` (E.164 when the number was validated). */
  readonly to: string;
  /** The full text of the message (for a call, the words to speak), including the one-time code. Never log it. */
  readonly body: string;
  /** `'sms'`, a text; `'voice'`, a call (sent only to a provider whose `voice` is `true`). */
  readonly channel: Channel;
  /** The language of `body`, a BCP 47 tag such as `'fr'`: the request's language. */
  readonly locale: string;
  /** For a call: the code's characters separated by spaces (`'1 2 3 4 5 6'`), for a voice to speak one by one. */
  readonly digits?: string;
}

/**
 * What a provider's `send` resolves with when it reports each message's fate: one id per part of
 * the message (a long text goes out in several parts), as its delivery receipts name them.
 */
export interface SentMessage {
  readonly messageIds: readonly string[];
}

/**
 * Anything that can deliver a text message, and maybe place a call.
 *
 * `send` resolves once the provider accepted the message and rejects when it did not.
 * Reject with an {@link SmsSendError} to say whether trying another provider could help
 * (`retryable`), what the provider answered (`status`, `code`, `detail`) and, when its answer says
 * so, who must act (`fault`: the number, or the set-up), which decides what the user is told;
 * any other rejection is treated as retryable.
 */
export interface SmsProvider {
  /** A short name for logs and events, such as `twilio` or `console`; the name `deliveryReceipts(name)` takes. */
  readonly name: string;
  /**
   * Delivers one message; resolves with whatever the provider returned. Resolve with a
   * {@link SentMessage} when the provider sends delivery receipts (see `receipts`).
   */
  send(message: SmsMessage): Promise<unknown>;
  /** Whether it can place calls (`channel: 'voice'`); providers without it are skipped for calls. Default `false`. */
  readonly voice?: boolean;
  /** How it reads its delivery receipts, when it is set up to get them; `undefined` when it has none. */
  readonly receipts?: DeliveryReceiptReader;
}
