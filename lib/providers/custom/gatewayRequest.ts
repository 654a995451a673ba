import { InvalidOptionError } from '../../errors';
import { DEFAULTS } from '../../config/defaults';
import { isBlank, required } from '../../config/validate';
import { parseHeaders } from '../parseHeaders';
import { compilePayloadTemplate, type PayloadContentType, type PayloadRenderer, type PayloadTemplateKind } from '../renderPayload';

/** The options that describe one kind of request to the gateway: the SMS options, or `voice`'s. */
export interface GatewayRequestOptions {
  readonly url: string;
  readonly contentType?: string;
  readonly method?: string;
  readonly payloadTemplate: string;
  readonly headers?: string | Readonly<Record<string, string>>;
}

/** One kind of request to the gateway, checked and frozen at construction. */
export interface GatewayRequest {
  readonly url: string;
  /** The URL's origin, for errors (the path and query may hold credentials). */
  readonly origin: string;
  readonly method: 'POST' | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly render: PayloadRenderer;
  /** Header values and query parameters, which must never reach an error. */
  readonly secrets: readonly string[];
}

const MEDIA_TYPES: Readonly<Record<PayloadContentType, string>> = {
  JSON: 'application/json',
  FORM: 'application/x-www-form-urlencoded',
};

/**
 * Checks one kind of request's options. `prefix` names them in errors (`''` for the SMS options,
 * `'voice.'` for a call's); `inherited` are the SMS request's, which a call's request takes for any
 * option it leaves out (but Content-Type, which follows the call's own `contentType`).
 */
export function resolveGatewayRequest(options: GatewayRequestOptions, kind: PayloadTemplateKind, prefix: string, inherited?: GatewayRequestOptions): GatewayRequest {
  const url = checkUrl(`${prefix}url`, options.url);
  const contentType = checkChoice(options.contentType ?? inherited?.contentType, `${prefix}contentType`, ['JSON', 'FORM'] as const, DEFAULTS.custom.contentType);
  const method = checkChoice(options.method ?? inherited?.method, `${prefix}method`, ['POST', 'PUT'] as const, DEFAULTS.custom.method);
  const render = compilePayloadTemplate(required.string(`${prefix}payloadTemplate`, options.payloadTemplate, 'a string'), contentType, kind);
  const given = options.headers === undefined && inherited ? withoutContentType(parseHeaders(inherited.headers)) : headersOption(prefix, options.headers);
  const headers = withContentType(given, MEDIA_TYPES[contentType], prefix);
  return Object.freeze({
    url: url.href,
    origin: url.origin,
    method,
    headers,
    render,
    // The Content-Type this provider sets is no secret.
    secrets: Object.freeze([...Object.entries(headers).flatMap(([name, value]) => (isContentType(name) ? [] : [value])), ...url.searchParams.values()]),
  });
}

function checkUrl(option: string, value: unknown): URL {
  const expected = 'an http:// or https:// URL without user:password@';
  let url: URL;
  try {
    url = new URL(required.string(option, value, expected).trim());
  } catch {
    throw new InvalidOptionError(option, expected);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new InvalidOptionError(option, expected);
  }
  return url;
}

/** One of `choices`, in any case; blank (an unset environment variable) is the default. */
function checkChoice<T extends string>(value: unknown, option: string, choices: readonly T[], fallback: T): T {
  if (isBlank(value)) return fallback;
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : value;
  return required.oneOf(option, upper, choices, `one of ${choices.join(', ')} (default ${fallback})`);
}

/** The `headers` option, its errors named under `prefix` (`voice.headers.x-key`). */
function headersOption(prefix: string, value: GatewayRequestOptions['headers']): Readonly<Record<string, string>> {
  try {
    return parseHeaders(value);
  } catch (err) {
    if (prefix !== '' && err instanceof InvalidOptionError) throw new InvalidOptionError(`${prefix}${err.option}`, err.expected, err.received);
    throw err;
  }
}

function isContentType(name: string): boolean {
  return name.toLowerCase() === 'content-type';
}

function withoutContentType(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isContentType(name)));
}

/** Adds Content-Type; a user header of the same media type is kept, a conflicting one refused. */
function withContentType(headers: Readonly<Record<string, string>>, mediaType: string, prefix: string): Readonly<Record<string, string>> {
  const given = Object.keys(headers).find(isContentType);
  if (given === undefined) return Object.freeze({ ...headers, 'Content-Type': mediaType });
  if (headers[given].split(';')[0].trim().toLowerCase() !== mediaType) {
    throw new InvalidOptionError(`${prefix}headers.Content-Type`, `absent or ${mediaType}, as ${prefix}contentType says`);
  }
  return Object.freeze({ ...headers });
}
