import { Agent, fetch } from 'undici';
import { InvalidOptionError, SmsSendError } from '../errors';
import type { SmsMessage, SmsProvider } from './SmsProvider';
import { parseHeaders } from './parseHeaders';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, isBlank, optionNames, optional, required } from '../config/validate';
import { compilePayloadTemplate, type PayloadContentType, type PayloadRenderer } from './renderPayload';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from './sendFailure';

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
   * The request body, with `{{body}}` (message text) and `{{mobile}}` (recipient) placeholders;
   * spaces inside the braces are allowed. Required. See `compilePayloadTemplate` for the JSON and FORM rules.
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
   * The provider's name in errors and events, to tell two gateways apart.
   * @defaultValue `'custom'`
   */
  readonly name?: string;
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
});

const MEDIA_TYPES: Readonly<Record<PayloadContentType, string>> = {
  JSON: 'application/json',
  FORM: 'application/x-www-form-urlencoded',
};

/** Sends SMS by sending an HTTP request, built from a template, to any SMS gateway. */
export class CustomHttpProvider implements SmsProvider {
  readonly name: string;
  /** @internal */
  private readonly settings: Readonly<{
    url: string;
    origin: string;
    method: 'POST' | 'PUT';
    headers: Readonly<Record<string, string>>;
    render: PayloadRenderer;
    timeoutMs: number;
    secrets: readonly string[];
  }>;
  /** @internal */
  private readonly dispatcher: Agent;

  constructor(options: CustomHttpProviderOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('custom', 'an options object', describe(options));
    required.options<CustomHttpProviderOptions>('', options, CUSTOM_OPTIONS);
    required.present('the custom provider', options, ['url', 'payloadTemplate']);
    const url = checkUrl(options.url);
    const contentType = checkChoice(options.contentType, 'contentType', ['JSON', 'FORM'] as const, DEFAULTS.custom.contentType);
    const method = checkChoice(options.method, 'method', ['POST', 'PUT'] as const, DEFAULTS.custom.method);
    const render = compilePayloadTemplate(required.string('payloadTemplate', options.payloadTemplate, 'a string'), contentType);
    const headers = withContentType(parseHeaders(options.headers), MEDIA_TYPES[contentType]);
    const timeoutMs = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.custom.timeoutMs, DEFAULTS.custom.timeoutMs);
    const connectTimeoutMs = optional.milliseconds('connectTimeoutMs', options.connectTimeoutMs, ...RANGES.custom.connectTimeoutMs, DEFAULTS.custom.connectTimeoutMs);
    this.name = optional.string('name', options.name, DEFAULTS.custom.name).trim();
    this.settings = Object.freeze({
      url: url.href,
      origin: url.origin,
      method,
      headers,
      render,
      timeoutMs,
      // Header values (API keys) and URL credentials in the query string must never reach an error;
      // the Content-Type this provider sets is no secret.
      secrets: [...Object.entries(headers).flatMap(([name, value]) => (name.toLowerCase() === 'content-type' ? [] : [value])), ...url.searchParams.values()],
    });
    this.dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } });
    Object.freeze(this);
  }

  /** Sends the message; resolves with the gateway's HTTP status (any 2xx). */
  async send(message: SmsMessage): Promise<number> {
    const { url, origin, method, headers, render, timeoutMs, secrets } = this.settings;
    const provider = this.name;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: render({ body: message.body, mobile: message.to, locale: message.locale }),
        // A redirect could carry the API-key headers to another host.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: this.dispatcher,
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return response.status;
      const detail = excerpt(text, secrets) || undefined;
      throw new SmsSendError(withDetail(`SMS gateway ${origin} answered HTTP ${response.status}`, detail), {
        provider,
        retryable: isRetryableStatus(response.status),
        status: response.status,
        detail,
      });
    } catch (err) {
      if (err instanceof SmsSendError) throw err;
      if (isTimeout(err)) {
        throw new SmsSendError(`SMS gateway ${origin} did not answer within ${timeoutMs} ms`, { provider, retryable: true, code: 'timeout' }, { cause: err });
      }
      const code = networkErrorCode(err) ?? 'network';
      throw new SmsSendError(`SMS gateway ${origin} could not be reached (${code})`, { provider, retryable: true, code }, { cause: err });
    }
  }

  /** Closes the provider's idle connections. Sending after `close` fails. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function checkUrl(value: unknown): URL {
  const expected = 'an http:// or https:// URL without user:password@';
  let url: URL;
  try {
    url = new URL(required.string('url', value, expected).trim());
  } catch {
    throw new InvalidOptionError('url', expected);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new InvalidOptionError('url', expected);
  }
  return url;
}

/** One of `choices`, in any case; blank (an unset environment variable) is the default. */
function checkChoice<T extends string>(value: unknown, option: string, choices: readonly T[], fallback: T): T {
  if (isBlank(value)) return fallback;
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : value;
  return required.oneOf(option, upper, choices, `one of ${choices.join(', ')} (default ${fallback})`);
}

/** Adds Content-Type; a user header of the same media type is kept, a conflicting one refused. */
function withContentType(headers: Readonly<Record<string, string>>, mediaType: string): Readonly<Record<string, string>> {
  const given = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
  if (given === undefined) return Object.freeze({ ...headers, 'Content-Type': mediaType });
  if (headers[given].split(';')[0].trim().toLowerCase() !== mediaType) {
    throw new InvalidOptionError('headers.Content-Type', `absent or ${mediaType}, as contentType says`);
  }
  return headers;
}
