import { InvalidOptionError } from '../errors';
import type { DeliveryReceiptReader } from './DeliveryReceipt';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import { DEFAULTS } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { SENDER_PATTERN } from './senderPattern';
import { loadSmsFailure, type SmsFailureClass } from './vonage/vonageSdk';
import { builtClient, givenClient, signatureCheck } from './vonage/vonageClient';
import { vonageSendError } from './vonage/vonageSendError';
import { SIGNATURE_METHODS, vonageReceipts, type VonageSignatureMethod } from './vonage/vonageReceipts';

export type { VonageSignatureMethod } from './vonage/vonageReceipts';

/** The part of a Vonage client this provider uses; any `new Vonage(...)` client has it. */
export interface VonageClientLike {
  readonly sms: {
    // Shaped so that the SDK's own `send(params?: SMSParams)` fits.
    send(params?: { to: string; from: string; text?: string; type?: string }): Promise<unknown>;
    /** The SDK's check of a signed webhook; needed with `signatureSecret`. */
    verifySignature?(signature: string, params: Record<string, string>, signatureSecret: string, algorithm: string): boolean;
  };
}

/** Options of {@link VonageProvider}. */
export interface VonageProviderOptions {
  /** The API key (the reference's "API Key"). Required unless `client` is given. */
  readonly apiKey?: string;
  /** The API secret. Required unless `client` is given. Never appears in errors. */
  readonly apiSecret?: string;
  /**
   * Who the message is from: a number in international format (a leading `+` is removed,
   * as the API expects digits only) or an alphanumeric sender ID of up to 11 characters. Required.
   */
  readonly sender: string;
  /** A ready Vonage client (`new Vonage(...)` from `@vonage/server-sdk`). Default: one built from the key and secret. */
  readonly client?: VonageClientLike;
  /**
   * Base URL of the SMS API, http(s). Ignored with `client`.
   * @defaultValue `'https://rest.nexmo.com'`
   */
  readonly restHost?: string;
  /**
   * Total time a send may take, in milliseconds, from 1 to 120000. Ignored with `client`.
   * @defaultValue `20000`
   */
  readonly timeoutMs?: number;
  /**
   * The API key's signature secret (Dashboard, API Settings). With it the provider reads signed
   * delivery receipts (`receipts`), and a receipt without the right `sig` counts for nothing.
   * Default: none, and the provider reads no receipts. Never appears in errors.
   */
  readonly signatureSecret?: string;
  /**
   * How Vonage signs, as the dashboard's "Signature method" names it: `'md5hash'` (MD5 hash), or the
   * HMAC `'md5'`, `'sha1'`, `'sha256'` or `'sha512'`. Only with `signatureSecret`.
   * @defaultValue `'md5hash'`
   */
  readonly signatureMethod?: VonageSignatureMethod;
}

const VONAGE_OPTIONS = optionNames<VonageProviderOptions>({
  apiKey: true,
  apiSecret: true,
  sender: true,
  client: true,
  restHost: true,
  timeoutMs: true,
  signatureSecret: true,
  signatureMethod: true,
});

const GSM_SAFE = /^[\x20-\x7e\n\r]*$/;

/**
 * Sends SMS through Vonage's SMS API with the official `@vonage/server-sdk` package, and reads its
 * signed delivery receipts (with `signatureSecret`).
 */
export class VonageProvider implements SmsProvider {
  readonly name = 'vonage';
  /** Reads the signed delivery receipts; `undefined` without `signatureSecret`. */
  readonly receipts: DeliveryReceiptReader | undefined;
  /** @internal */
  private readonly client: VonageClientLike;
  /** @internal */
  private readonly from: string;
  /** @internal */
  private readonly smsFailure: SmsFailureClass;
  /** @internal */
  private readonly secrets: readonly string[];

  constructor(options: VonageProviderOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('vonage', 'an options object', describe(options));
    required.options<VonageProviderOptions>('', options, VONAGE_OPTIONS);
    required.present('the vonage provider', options, options.client ? ['sender'] : ['apiKey', 'apiSecret', 'sender']);
    const sender = required.pattern('sender', options.sender, SENDER_PATTERN, 'a phone number in international format or an alphanumeric sender ID of up to 11 characters');
    this.from = sender.replace(/^\+/, '');
    const signatureSecret = optional.string('signatureSecret', options.signatureSecret, undefined);
    if (options.signatureMethod !== undefined && signatureSecret === undefined) throw new InvalidOptionError('signatureMethod', 'left out without signatureSecret');
    const signatureMethod = optional.oneOf('signatureMethod', options.signatureMethod, SIGNATURE_METHODS, DEFAULTS.vonage.signatureMethod);
    const setup = options.client ? givenClient(options, signatureSecret) : builtClient(options, signatureSecret);
    this.client = setup.client;
    this.secrets = setup.secrets;
    this.receipts = signatureSecret === undefined ? undefined : vonageReceipts(signatureCheck(setup.client), signatureSecret, signatureMethod);
    this.smsFailure = loadSmsFailure();
    Object.freeze(this);
  }

  /**
   * Sends the text, resolving with the id of each part Vonage sent (a long text goes out in several).
   *
   * @throws {SmsSendError} when Vonage refuses it or cannot be reached.
   */
  async send(message: SmsMessage): Promise<SentMessage> {
    try {
      return await this.text(message);
    } catch (err) {
      throw await vonageSendError(err, this.smsFailure, this.secrets);
    }
  }

  /** @internal */
  private async text(message: SmsMessage): Promise<SentMessage> {
    const result = (await this.client.sms.send({
      // Vonage takes the international number as bare digits: no '+', spaces or punctuation.
      to: message.to.replace(/[\s().+-]/g, ''),
      from: this.from,
      text: message.body,
      // Text outside GSM-7 (emoji, most accents) arrives garbled unless sent as unicode.
      ...(GSM_SAFE.test(message.body) ? {} : { type: 'unicode' as const }),
    })) as { messages?: { messageId?: unknown }[] } | undefined;
    return { messageIds: (result?.messages ?? []).map((part) => part.messageId).filter((id): id is string => typeof id === 'string' && id !== '') };
  }
}
