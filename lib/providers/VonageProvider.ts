import { InvalidOptionError, SmsSendError } from '../errors';
import type { DeliveryReceiptReader } from './DeliveryReceipt';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import { DEFAULTS } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { SENDER_PATTERN } from './senderPattern';
import { loadSmsFailure, type SmsFailureClass } from './vonage/vonageSdk';
import { builtClient, givenClient, signatureCheck, type VonageCalls } from './vonage/vonageClient';
import { vonageSendError } from './vonage/vonageSendError';
import { SIGNATURE_METHODS, vonageReceipts, type VonageSignatureMethod } from './vonage/vonageReceipts';
import { bareDigits, talkCall } from './vonage/talkCall';

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
  /**
   * A ready Vonage client (`new Vonage(...)` from `@vonage/server-sdk`) for texts. Default: one built
   * from the key and secret. A provider given a client places no calls.
   */
  readonly client?: VonageClientLike;
  /**
   * Base URL of the SMS API, http(s). Ignored with `client`.
   * @defaultValue `'https://rest.nexmo.com'`
   */
  readonly restHost?: string;
  /**
   * Base URL of the Voice API, http(s). Ignored with `client`.
   * @defaultValue `'https://api.nexmo.com'`
   */
  readonly apiHost?: string;
  /**
   * Total time a send or a call may take, in milliseconds, from 1 to 120000. Ignored with `client`.
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
  /**
   * The ID (a UUID) of a Vonage application with the Voice capability; with `privateKey`, the
   * provider places calls. Default: none, and no calls. Not with `client`.
   */
  readonly applicationId?: string;
  /**
   * The application's private key, as PEM text (`-----BEGIN PRIVATE KEY-----…`); `\n` escapes, as an
   * environment variable may carry it, are read as line breaks. Required with `applicationId`. Never appears in errors.
   */
  readonly privateKey?: string;
  /**
   * The number calls come from, in international format (a Vonage number linked to the application).
   * Default: `sender`, which must then be a number.
   */
  readonly voiceSender?: string;
}

const VONAGE_OPTIONS = optionNames<VonageProviderOptions>({
  apiKey: true,
  apiSecret: true,
  sender: true,
  client: true,
  restHost: true,
  apiHost: true,
  timeoutMs: true,
  signatureSecret: true,
  signatureMethod: true,
  applicationId: true,
  privateKey: true,
  voiceSender: true,
});

const GSM_SAFE = /^[\x20-\x7e\n\r]*$/;
const PHONE_NUMBER = /^\+?[0-9]{3,15}$/;

/**
 * Sends SMS through Vonage's SMS API with the official `@vonage/server-sdk` package, reads its signed
 * delivery receipts (with `signatureSecret`) and places calls through the Voice API (with `applicationId` and `privateKey`).
 */
export class VonageProvider implements SmsProvider {
  readonly name = 'vonage';
  /** Whether it places calls: an application (`applicationId`, `privateKey`) and a number to call from. */
  readonly voice: boolean;
  /** Reads the signed delivery receipts; `undefined` without `signatureSecret`. */
  readonly receipts: DeliveryReceiptReader | undefined;
  /** @internal */
  private readonly client: VonageClientLike;
  /** @internal */
  private readonly from: string;
  /** @internal */
  private readonly calls: VonageCalls | undefined;
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
    const voiceSender = optional.pattern('voiceSender', options.voiceSender, PHONE_NUMBER, 'a phone number in international format', undefined);
    const caller = (voiceSender ?? (PHONE_NUMBER.test(sender) ? sender : undefined))?.replace(/^\+/, '');
    const setup = options.client ? givenClient(options, signatureSecret) : builtClient(options, signatureSecret, caller);
    this.client = setup.client;
    this.secrets = setup.secrets;
    this.calls = setup.calls;
    this.voice = this.calls !== undefined;
    this.receipts = signatureSecret === undefined ? undefined : vonageReceipts(signatureCheck(setup.client), signatureSecret, signatureMethod);
    this.smsFailure = loadSmsFailure();
    Object.freeze(this);
  }

  /**
   * Sends a text, resolving with the id of each part Vonage sent (a long text goes out in several);
   * or, for `channel: 'voice'`, places a call that speaks the body, resolving with the call's uuid.
   *
   * @throws {SmsSendError} when Vonage refuses it or cannot be reached.
   */
  async send(message: SmsMessage): Promise<SentMessage> {
    const { calls } = this;
    if (message.channel === 'voice' && !calls) {
      throw new SmsSendError('Vonage cannot place calls: set applicationId and privateKey, and a number to call from', { provider: this.name, retryable: false, fault: 'setup' });
    }
    try {
      return calls && message.channel === 'voice' ? await this.call(calls, message) : await this.text(message);
    } catch (err) {
      throw await vonageSendError(err, this.smsFailure, this.secrets);
    }
  }

  /** @internal */
  private async text(message: SmsMessage): Promise<SentMessage> {
    const result = (await this.client.sms.send({
      to: bareDigits(message.to),
      from: this.from,
      text: message.body,
      // Text outside GSM-7 (emoji, most accents) arrives garbled unless sent as unicode.
      ...(GSM_SAFE.test(message.body) ? {} : { type: 'unicode' as const }),
    })) as { messages?: { messageId?: unknown }[] } | undefined;
    return { messageIds: (result?.messages ?? []).map((part) => part.messageId).filter((id): id is string => typeof id === 'string' && id !== '') };
  }

  /** @internal */
  private async call(calls: VonageCalls, message: SmsMessage): Promise<SentMessage> {
    const { uuid } = await calls.place(talkCall(message, calls.from));
    return { messageIds: typeof uuid === 'string' && uuid !== '' ? [uuid] : [] };
  }
}
