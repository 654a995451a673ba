import { InvalidOptionError, SmsSendError } from '../errors';
import type { DeliveryReceiptReader } from './DeliveryReceipt';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { SENDER_PATTERN } from './senderPattern';
import { checkStatusCallbackUrl } from './twilio/statusCallbackUrl';
import { loadTwilioSdk, type TwilioSdk } from './twilio/twilioSdk';
import { twilioReceipts } from './twilio/twilioReceipts';
import { twilioSendError } from './twilio/twilioSendError';
import { voiceTwiml } from './twilio/voiceTwiml';

/** The part of a Twilio client this provider uses; any `twilio(...)` client has it. */
export interface TwilioClientLike {
  readonly messages: {
    create(params: { to: string; body: string; from?: string; messagingServiceSid?: string; statusCallback?: string }): Promise<{ sid: string }>;
  };
  readonly calls: {
    create(params: { to: string; from: string; twiml: string; statusCallback?: string }): Promise<{ sid: string }>;
  };
}

/** Options of {@link TwilioProvider}. */
export interface TwilioProviderOptions {
  /**
   * The Account SID, `AC` followed by 32 hex digits (the reference's "Account SID").
   * Required unless `client` is given.
   */
  readonly accountSid?: string;
  /**
   * The Auth Token. Required unless `client` is given, and with `statusCallbackUrl` even then: Twilio
   * signs its status callbacks with it. Never appears in errors.
   */
  readonly authToken?: string;
  /**
   * Who the message is from: a phone number in E.164 (`+15017122661`), a short code,
   * an alphanumeric sender ID (up to 11 letters, digits or spaces), or a Messaging
   * Service SID (`MG` + 32 hex digits), which is sent as `MessagingServiceSid`. Required.
   * A number in E.164 also places the calls, unless `voiceSender` is given.
   */
  readonly sender: string;
  /**
   * The number calls come from (the strategy's `voice` option), in E.164 (`+15017122661`); it must
   * have the Voice capability. Default: `sender` when that is a number in E.164; without either, the
   * provider cannot call.
   */
  readonly voiceSender?: string;
  /**
   * The full public URL (http or https) of the app's receipts route, such as
   * `https://example.com/sms-otp/status/twilio`, mounted with `deliveryReceipts('twilio')`. Sent as
   * `StatusCallback` with every message and call; Twilio posts each one's status there, signed with
   * the auth token for this exact URL (query string included), so the check holds behind a proxy that
   * rewrites the host or path. A fragment of Twilio's connection overrides (`#rc=3&rp=5xx`, retries when
   * the app answers 5xx) is sent along. Needs `authToken`. Default: none, and no delivery receipts.
   */
  readonly statusCallbackUrl?: string;
  /**
   * A ready Twilio client, for a custom `httpClient`, a region or edge, or API keys.
   * When given, `accountSid` and `authToken` are not needed. Default: a client built from them.
   */
  readonly client?: TwilioClientLike;
  /**
   * Total time a send may take, in milliseconds, from 1 to 120000. Ignored with `client`.
   * @defaultValue `20000`
   */
  readonly timeoutMs?: number;
}

const TWILIO_OPTIONS = optionNames<TwilioProviderOptions>({
  accountSid: true,
  authToken: true,
  sender: true,
  voiceSender: true,
  statusCallbackUrl: true,
  client: true,
  timeoutMs: true,
});

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;

/**
 * Sends SMS through Twilio's Programmable Messaging API, and places calls through its Calls API,
 * with the official `twilio` package.
 */
export class TwilioProvider implements SmsProvider {
  readonly name = 'twilio';
  /** Whether it can place calls: with `voiceSender`, or a `sender` in E.164. */
  readonly voice: boolean;
  /** Reads Twilio's signed status callbacks; `undefined` without `statusCallbackUrl`. */
  readonly receipts: DeliveryReceiptReader | undefined;
  /** @internal */
  private readonly client: TwilioClientLike;
  /** @internal */
  private readonly from: { readonly from: string } | { readonly messagingServiceSid: string };
  /** @internal The number calls come from, and the SDK that writes their TwiML. */
  private readonly caller: { readonly from: string; readonly sdk: TwilioSdk } | undefined;
  /** @internal */
  private readonly callback: { readonly statusCallback?: string };
  /** @internal */
  private readonly secrets: readonly string[];

  constructor(options: TwilioProviderOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('twilio', 'an options object', describe(options));
    required.options<TwilioProviderOptions>('', options, TWILIO_OPTIONS);
    required.present('the twilio provider', options, options.client ? ['sender'] : ['accountSid', 'authToken', 'sender']);
    const sender = required.string('sender', options.sender).trim();
    this.from = sender.startsWith('MG')
      ? { messagingServiceSid: required.pattern('sender', sender, SERVICE_SID, 'a Messaging Service SID: MG followed by 32 hex digits') }
      : { from: required.pattern('sender', sender, SENDER_PATTERN, 'an E.164 phone number, a short code or an alphanumeric sender ID of up to 11 characters') };
    const voiceSender = optional.pattern('voiceSender', options.voiceSender, E164, 'a phone number in E.164 with the Voice capability, such as +15017122661', undefined);
    const callFrom = voiceSender ?? ('from' in this.from && E164.test(this.from.from) ? this.from.from : undefined);
    const statusCallbackUrl = options.statusCallbackUrl === undefined ? undefined : checkStatusCallbackUrl(options.statusCallbackUrl);
    let sdk: TwilioSdk | undefined;
    const twilio = (): TwilioSdk => (sdk ??= loadTwilioSdk());

    let authToken: string | undefined;
    if (options.client) {
      if (typeof options.client.messages?.create !== 'function' || typeof options.client.calls?.create !== 'function') {
        throw new InvalidOptionError('client', 'a Twilio client, as returned by twilio(accountSid, authToken)');
      }
      this.client = options.client;
      authToken = typeof options.authToken === 'string' && options.authToken.trim() !== '' ? options.authToken.trim() : undefined;
    } else {
      const accountSid = required.pattern('accountSid', options.accountSid, ACCOUNT_SID, 'a Twilio Account SID: AC followed by 32 hex digits');
      const token = required.string('authToken', options.authToken).trim();
      const timeout = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.twilio.timeoutMs, DEFAULTS.twilio.timeoutMs);
      this.client = twilio()(accountSid, token, { timeout, autoRetry: false });
      authToken = token;
    }
    this.secrets = authToken === undefined ? [] : [authToken];
    this.voice = callFrom !== undefined;
    this.caller = callFrom === undefined ? undefined : { from: callFrom, sdk: twilio() };
    this.callback = statusCallbackUrl === undefined ? {} : { statusCallback: statusCallbackUrl };
    this.receipts = statusCallbackUrl === undefined ? undefined : twilioReceipts(twilio(), signingToken(authToken), statusCallbackUrl);
    Object.freeze(this);
  }

  /**
   * Sends a text (`channel: 'sms'`), or places a call that speaks `body` (`channel: 'voice'`);
   * resolves with the message's SID (`SM...`) or the call's (`CA...`) as its one message id.
   */
  send(message: SmsMessage): Promise<SentMessage> {
    return message.channel === 'voice' ? this.call(message) : this.text(message);
  }

  /** @internal */
  private async text(message: SmsMessage): Promise<SentMessage> {
    try {
      const created = await this.client.messages.create({ to: message.to, body: message.body, ...this.from, ...this.callback });
      return { messageIds: [created.sid] };
    } catch (err) {
      throw twilioSendError(err, 'the message', this.secrets);
    }
  }

  /** @internal */
  private async call(message: SmsMessage): Promise<SentMessage> {
    if (!this.caller) {
      throw new SmsSendError('Twilio cannot call from a Messaging Service, a short code or a sender ID: set voiceSender to a number with the Voice capability', {
        provider: this.name,
        retryable: false,
        fault: 'setup',
      });
    }
    const twiml = voiceTwiml(this.caller.sdk, message.body, message.locale);
    try {
      const created = await this.client.calls.create({ to: message.to, from: this.caller.from, twiml, ...this.callback });
      return { messageIds: [created.sid] };
    } catch (err) {
      throw twilioSendError(err, 'the call', this.secrets);
    }
  }
}

/** The auth token that checks status callbacks: required with `statusCallbackUrl`, even beside a ready client. */
function signingToken(authToken: string | undefined): string {
  if (authToken === undefined) throw new InvalidOptionError('authToken', "set with statusCallbackUrl, even with client: Twilio's status callbacks are signed with it");
  return authToken;
}
