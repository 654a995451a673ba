import { createRequire } from 'node:module';
import { InvalidOptionError, SmsSendError, type SmsSendFault } from '../errors';
import type { SmsMessage, SmsProvider } from './SmsProvider';
import { loadOptionalPeer } from './loadOptionalPeer';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { SENDER_PATTERN } from './senderPattern';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from './sendFailure';

/** The part of a Vonage client this provider uses; any `new Vonage(...)` client has it. */
export interface VonageClientLike {
  readonly sms: {
    // Shaped so that the SDK's own `send(params?: SMSParams)` fits.
    send(params?: { to: string; from: string; text?: string; type?: string }): Promise<unknown>;
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
}

const VONAGE_OPTIONS = optionNames<VonageProviderOptions>({ apiKey: true, apiSecret: true, sender: true, client: true, restHost: true, timeoutMs: true });

interface VonageSdk {
  Vonage: new (credentials: { apiKey: string; apiSecret: string }, options: { restHost: string; timeout: number }) => VonageClientLike;
}
interface FailedMessage {
  status?: string;
  errorText?: string;
}
type SmsFailureClass = abstract new (...args: never[]) => Error & { getFailedMessages(): FailedMessage[] };

/** Per-message statuses after which a later try, or another provider, could succeed. */
const RETRYABLE_STATUSES = new Set(['1', '5', '10', '13']);
/**
 * Per-message statuses that say who must act (https://developer.vonage.com/api-errors/sms): the
 * number (unroutable, barred, deactivated) or the account (credentials, suspended, out of credit, not
 * enabled for the API, signature, sender, a demo account's pre-approved destinations).
 */
const VONAGE_FAULTS: ReadonlyMap<string, SmsSendFault> = new Map<string, SmsSendFault>([
  ['6', 'recipient'],
  ['7', 'recipient'],
  ['33', 'recipient'],
  ['4', 'setup'],
  ['8', 'setup'],
  ['9', 'setup'],
  ['11', 'setup'],
  ['14', 'setup'],
  ['15', 'setup'],
  ['29', 'setup'],
  ['32', 'setup'],
]);
const GSM_SAFE = /^[\x20-\x7e\n\r]*$/;
/** Versions after 3.27 of the SDK need Node 22, and this package supports Node 20. */
const INSTALL_SDK = 'npm install @vonage/server-sdk (on Node 20: npm install @vonage/server-sdk@3.27, the last version that runs there; later ones need Node 22)';

/** Sends SMS through Vonage's SMS API with the official `@vonage/server-sdk` package. */
export class VonageProvider implements SmsProvider {
  readonly name = 'vonage';
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
    if (options.client) {
      if (typeof options.client.sms?.send !== 'function') throw new InvalidOptionError('client', 'a Vonage client from @vonage/server-sdk');
      this.client = options.client;
      this.secrets = typeof options.apiSecret === 'string' ? [options.apiSecret] : [];
    } else {
      const apiKey = required.string('apiKey', options.apiKey).trim();
      const apiSecret = required.string('apiSecret', options.apiSecret).trim();
      const restHost = checkRestHost(options.restHost);
      const timeout = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.vonage.timeoutMs, DEFAULTS.vonage.timeoutMs);
      const { Vonage } = loadOptionalPeer<VonageSdk>('@vonage/server-sdk', 'The vonage SMS provider', { install: INSTALL_SDK });
      this.client = new Vonage({ apiKey, apiSecret }, { restHost, timeout });
      this.secrets = [apiSecret];
    }
    this.smsFailure = loadSmsFailure();
    Object.freeze(this);
  }

  /** Sends the message; resolves with Vonage's message id. */
  async send(message: SmsMessage): Promise<string | undefined> {
    try {
      const result = (await this.client.sms.send({
        // Vonage takes the international number as bare digits: no '+', spaces or punctuation.
        to: message.to.replace(/[\s().+-]/g, ''),
        from: this.from,
        text: message.body,
        // Text outside GSM-7 (emoji, most accents) arrives garbled unless sent as unicode.
        ...(GSM_SAFE.test(message.body) ? {} : { type: 'unicode' as const }),
      })) as { messages?: { messageId?: string }[] } | undefined;
      return result?.messages?.[0]?.messageId;
    } catch (err) {
      throw await this.toSendError(err);
    }
  }

  /** @internal */
  private async toSendError(err: unknown): Promise<SmsSendError> {
    const provider = this.name;
    if (err instanceof this.smsFailure) {
      // HTTP 200 with a non-zero per-message status and its error-text.
      const failed = err.getFailedMessages()[0] ?? {};
      const status = String(failed.status ?? 'unknown');
      const text = failed.errorText ? excerpt(failed.errorText, this.secrets) : undefined;
      return new SmsSendError(withDetail(`Vonage refused the message (status ${status})`, text), {
        provider,
        retryable: RETRYABLE_STATUSES.has(status),
        status: 200,
        code: Number.isNaN(Number(status)) ? status : Number(status),
        detail: text,
        fault: VONAGE_FAULTS.get(status),
      });
    }
    // VetchError (HTTP error) carries the request with its Authorization header, so it is never kept
    // as a cause; its response's body (an RFC 7807 problem document) is still unread.
    const response = (err as { response?: { status?: unknown; text?: () => Promise<string> } } | null)?.response;
    if (typeof response?.status === 'number') {
      const body = typeof response.text === 'function' ? await response.text().catch(() => '') : '';
      const detail = excerpt(body, this.secrets) || undefined;
      return new SmsSendError(withDetail(`Vonage answered HTTP ${response.status}`, detail), { provider, retryable: isRetryableStatus(response.status), status: response.status, detail });
    }
    const network = networkErrorCode(err) ?? (isTimeout(err) ? 'timeout' : undefined);
    if (network) return new SmsSendError(`Vonage could not be reached (${network})`, { provider, retryable: true, code: network });
    const text = err instanceof Error ? excerpt(err.message, this.secrets) : undefined;
    return new SmsSendError(withDetail('Vonage send failed', text), { provider, retryable: true, detail: text });
  }
}

function checkRestHost(value: unknown): string {
  if (value === undefined) return DEFAULTS.vonage.restHost;
  const text = required.string('restHost', value, 'an http(s) URL').trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError('restHost', 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidOptionError('restHost', 'an http(s) URL');
  return text.replace(/\/+$/, '');
}

/** `SMSFailure` lives in `@vonage/sms`, which the SDK depends on; resolve it from the SDK's own location. */
function loadSmsFailure(): SmsFailureClass {
  const sdkRequire = createRequire(require.resolve('@vonage/server-sdk'));
  return loadOptionalPeer<{ SMSFailure: SmsFailureClass }>('@vonage/sms', 'The vonage SMS provider', { install: INSTALL_SDK, load: (id) => sdkRequire(id) }).SMSFailure;
}
