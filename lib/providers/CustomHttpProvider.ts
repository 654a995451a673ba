import { Agent } from 'undici';
import { InvalidOptionError, SmsSendError } from '../errors';
import type { SentMessage, SmsMessage, SmsProvider } from './SmsProvider';
import type { DeliveryReceiptReader } from './DeliveryReceipt';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { resolveGatewayRequest, type GatewayRequest } from './custom/gatewayRequest';
import { postToGateway, type GatewayCall } from './custom/postToGateway';
import { compileJsonPath, idsAt, type JsonPath } from './custom/jsonPath';
import { resolveCustomReceipts, type CustomReceiptsOptions } from './custom/CustomReceipts';
import type { CustomVoiceOptions } from './custom/CustomVoiceOptions';

/** Options of {@link CustomHttpProvider}, the reference product's "custom SMS provider". */
export interface CustomHttpProviderOptions {
  /** The gateway's URL, `http:` or `https:` (the reference's "SMS Provider URL"). Required. */
  readonly url: string;
  /**
   * `'JSON'` or `'FORM'`, case-insensitive; blank means the default.
   * @defaultValue `'JSON'`
   */
  readonly contentType?: string;
  /**
   * `'POST'` or `'PUT'`, case-insensitive; blank means the default.
   * @defaultValue `'POST'`
   */
  readonly method?: string;
  /**
   * The request body, with `{{body}}` (message text) and `{{mobile}}` (recipient) placeholders, and
   * optionally `{{locale}}` (the text's language, such as `fr`); spaces inside the braces are
   * allowed. Required. See `compilePayloadTemplate` for the JSON and FORM rules.
   */
  readonly payloadTemplate: string;
  /**
   * Extra request headers: the reference's `"name: value, name: value"` string (split at
   * commas and at each entry's first colon) or an object. Default: none. Content-Type follows `contentType`.
   */
  readonly headers?: string | Readonly<Record<string, string>>;
  /**
   * Total time for a send, connection to response body, in milliseconds, from 1 to 120000.
   * @defaultValue `20000`
   */
  readonly timeoutMs?: number;
  /**
   * Time to establish the connection, in milliseconds, from 1 to 120000.
   * @defaultValue `5000`
   */
  readonly connectTimeoutMs?: number;
  /**
   * The provider's name in errors and events, to tell two gateways apart, and the name
   * `deliveryReceipts(name)` takes.
   * @defaultValue `'custom'`
   */
  readonly name?: string;
  /**
   * Where the gateway's JSON answer names the message: a dot path such as `messages.0.id` or `id`
   * (an index picks an array element; a path ending at an array, or `*` for every element, as in
   * `messages.*.id`, takes one id per part of a long text). Ids are strings or integers. `send` then
   * resolves with `{ messageIds }`; an answer without them (not JSON, a missing field) still counts
   * as sent, with no delivery state. Default: unset, `send` resolves with the HTTP status.
   */
  readonly messageIdPath?: string;
  /**
   * Delivery receipts: the gateway POSTs signed JSON receipts to `deliveryReceipts(name)` (see
   * {@link CustomReceiptsOptions}). Needs `messageIdPath`. Default: unset, no receipts.
   */
  readonly receipts?: CustomReceiptsOptions;
  /**
   * Calls for the strategy's `voice` option: the request that places a call (see
   * {@link CustomVoiceOptions}). Default: unset, the provider cannot call.
   */
  readonly voice?: CustomVoiceOptions;
}

const CUSTOM_OPTIONS = optionNames<CustomHttpProviderOptions>({
  url: true,
  contentType: true,
  method: true,
  payloadTemplate: true,
  headers: true,
  timeoutMs: true,
  connectTimeoutMs: true,
  name: true,
  messageIdPath: true,
  receipts: true,
  voice: true,
});

const VOICE_OPTIONS = optionNames<CustomVoiceOptions>({ url: true, payloadTemplate: true, contentType: true, method: true, headers: true, messageIdPath: true });

/** One kind of message's request, and where its answer names the message. */
interface Route {
  readonly request: GatewayRequest;
  readonly messageIdPath: JsonPath | undefined;
  readonly gateway: string;
}

/** Sends SMS, and places calls, by sending an HTTP request, built from a template, to any gateway. */
export class CustomHttpProvider implements SmsProvider {
  readonly name: string;
  /** Whether it can place calls: `true` with the `voice` option. */
  readonly voice: boolean;
  /** Its receipts' reader with the `receipts` option; `undefined` without. */
  readonly receipts: DeliveryReceiptReader | undefined;
  /** @internal */
  private readonly textRoute: Route;
  /** @internal */
  private readonly callRoute: Route | undefined;
  /** @internal */
  private readonly settings: Readonly<{ timeoutMs: number; secrets: readonly string[] }>;
  /** @internal */
  private readonly dispatcher: Agent;

  constructor(options: CustomHttpProviderOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('custom', 'an options object', describe(options));
    required.options<CustomHttpProviderOptions>('', options, CUSTOM_OPTIONS);
    required.present('the custom provider', options, ['url', 'payloadTemplate']);
    const smsRequest = resolveGatewayRequest(options, { channel: 'sms', option: 'payloadTemplate' }, '');
    const messageIdPath = options.messageIdPath === undefined ? undefined : compileJsonPath('messageIdPath', options.messageIdPath, { each: true });
    this.textRoute = Object.freeze({ request: smsRequest, messageIdPath, gateway: 'SMS gateway' });
    this.callRoute = options.voice === undefined ? undefined : resolveCallRoute(options, messageIdPath);
    if (options.receipts !== undefined && messageIdPath === undefined) {
      throw new InvalidOptionError('receipts', 'used with messageIdPath (receipts name messages by the ids the answers give; without them no receipt can be matched)');
    }
    this.receipts = options.receipts === undefined ? undefined : resolveCustomReceipts(options.receipts);
    this.voice = this.callRoute !== undefined;
    const timeoutMs = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.custom.timeoutMs, DEFAULTS.custom.timeoutMs);
    const connectTimeoutMs = optional.milliseconds('connectTimeoutMs', options.connectTimeoutMs, ...RANGES.custom.connectTimeoutMs, DEFAULTS.custom.connectTimeoutMs);
    this.name = optional.string('name', options.name, DEFAULTS.custom.name).trim();
    this.settings = Object.freeze({
      timeoutMs,
      // Header values (API keys) and URL credentials in the query string must never reach an error.
      secrets: Object.freeze([...smsRequest.secrets, ...(this.callRoute?.request.secrets ?? []), ...(options.receipts ? [options.receipts.secret] : [])]),
    });
    this.dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } });
    Object.freeze(this);
  }

  /**
   * Sends a text (`channel: 'sms'`) or places a call (`'voice'`, with the `voice` option). Resolves
   * with `{ messageIds }` when `messageIdPath` finds them in the answer, else with the HTTP status
   * (any 2xx).
   *
   * @throws {SmsSendError} for any other status (retryable for 5xx, 408 and 429), a timeout or a network error (retryable), or a call without the `voice` option.
   */
  async send(message: SmsMessage): Promise<SentMessage | number> {
    const route = message.channel === 'voice' ? this.callRoute : this.textRoute;
    if (route === undefined) {
      throw new SmsSendError(`Provider ${this.name} cannot place calls: it has no voice option`, { provider: this.name, retryable: false, fault: 'setup' });
    }
    const via: GatewayCall = { provider: this.name, gateway: route.gateway, dispatcher: this.dispatcher, ...this.settings };
    const body = route.request.render({ body: message.body, mobile: message.to, locale: message.locale, digits: message.digits });
    const answer = await postToGateway(route.request, body, via);
    const messageIds = route.messageIdPath && idsAt(parseJson(answer.text), route.messageIdPath);
    // The message went out even when the answer does not name it: it is sent, with no delivery state.
    return messageIds ? { messageIds } : answer.status;
  }

  /** Closes the provider's idle connections. Sending after `close` fails. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function resolveCallRoute(options: CustomHttpProviderOptions, smsIdPath: JsonPath | undefined): Route {
  const voice = required.options<CustomVoiceOptions>('voice', options.voice, VOICE_OPTIONS);
  required.present('voice', voice, ['url', 'payloadTemplate'], (key) => `voice.${key}`);
  const request = resolveGatewayRequest(voice as CustomVoiceOptions, { channel: 'voice', option: 'voice.payloadTemplate' }, 'voice.', options);
  const messageIdPath = voice.messageIdPath === undefined ? smsIdPath : compileJsonPath('voice.messageIdPath', voice.messageIdPath, { each: true });
  return Object.freeze({ request, messageIdPath, gateway: 'Voice gateway' });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
