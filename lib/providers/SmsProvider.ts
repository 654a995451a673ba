/** One text message to deliver. */
export interface SmsMessage {
  /** The recipient's mobile number, as returned by `getMobile` (E.164 when the number was validated). */
  readonly to: string;
  /** The full text of the message, including the one-time code. Never log it. */
  readonly body: string;
}

/**
 * Anything that can deliver a text message.
 *
 * `send` resolves once the provider accepted the message and rejects when it did not.
 * Reject with an {@link SmsSendError} to say whether trying another provider could help
 * (`retryable`), what the provider answered (`status`, `code`, `detail`) and, when its answer says
 * so, who must act (`fault`: the number, or the set-up), which decides what the user is told;
 * any other rejection is treated as retryable.
 */
export interface SmsProvider {
  /** A short name for logs and events, such as `twilio` or `console`. */
  readonly name: string;
  /** Delivers one message; resolves with whatever the provider returned (a message id, say). */
  send(message: SmsMessage): Promise<unknown>;
}
