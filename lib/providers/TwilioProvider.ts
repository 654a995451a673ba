import { InvalidOptionError, SmsSendError, type SmsSendFault } from '../errors';
import type { SmsMessage, SmsProvider } from './SmsProvider';
import { loadOptionalPeer } from './loadOptionalPeer';
import { DEFAULTS, RANGES } from '../config/defaults';
import { describe, optionNames, optional, required } from '../config/validate';
import { SENDER_PATTERN } from './senderPattern';
import { excerpt, isRetryableStatus, isTimeout, networkErrorCode, withDetail } from './sendFailure';

/** The part of a Twilio client this provider uses; any `twilio(...)` client has it. */
export interface TwilioClientLike {
  readonly messages: {
    create(params: { to: string; body: string; from?: string; messagingServiceSid?: string }): Promise<{ sid: string }>;
  };
}

/** Options of {@link TwilioProvider}. */
export interface TwilioProviderOptions {
  /**
   * The Account SID, `AC` followed by 32 hex digits (the reference's "Account SID").
   * Required unless `client` is given.
   */
  readonly accountSid?: string;
  /** The Auth Token. Required unless `client` is given. Never appears in errors. */
  readonly authToken?: string;
  /**
   * Who the message is from: a phone number in E.164 (`+15017122661`), a short code,
   * an alphanumeric sender ID (up to 11 letters, digits or spaces), or a Messaging
   * Service SID (`MG` + 32 hex digits), which is sent as `MessagingServiceSid`. Required.
   */
  readonly sender: string;
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

const TWILIO_OPTIONS = optionNames<TwilioProviderOptions>({ accountSid: true, authToken: true, sender: true, client: true, timeoutMs: true });

type TwilioFactory = (accountSid: string, authToken: string, opts: { timeout: number; autoRetry: boolean }) => TwilioClientLike;

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * Twilio error codes that say who must act (https://www.twilio.com/docs/api/errors): the number
 * (invalid, unsubscribed, unroutable, not a mobile) or the account (credentials, sender, a trial
 * account's unverified recipients, a region not enabled).
 */
const TWILIO_FAULTS: ReadonlyMap<number, SmsSendFault> = new Map<number, SmsSendFault>([
  [21211, 'recipient'],
  [21610, 'recipient'],
  [21612, 'recipient'],
  [21614, 'recipient'],
  [20003, 'setup'],
  [21212, 'setup'],
  [21408, 'setup'],
  [21606, 'setup'],
  [21608, 'setup'],
]);

/** Sends SMS through Twilio's Programmable Messaging API with the official `twilio` package. */
export class TwilioProvider implements SmsProvider {
  readonly name = 'twilio';
  /** @internal */
  private readonly client: TwilioClientLike;
  /** @internal */
  private readonly from: { readonly from: string } | { readonly messagingServiceSid: string };
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
    if (options.client) {
      if (typeof options.client.messages?.create !== 'function') {
        throw new InvalidOptionError('client', 'a Twilio client, as returned by twilio(accountSid, authToken)');
      }
      this.client = options.client;
      this.secrets = typeof options.authToken === 'string' ? [options.authToken] : [];
    } else {
      const accountSid = required.pattern('accountSid', options.accountSid, ACCOUNT_SID, 'a Twilio Account SID: AC followed by 32 hex digits');
      const authToken = required.string('authToken', options.authToken).trim();
      const timeout = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.twilio.timeoutMs, DEFAULTS.twilio.timeoutMs);
      const twilio = loadOptionalPeer<TwilioFactory>('twilio', 'The twilio SMS provider');
      this.client = twilio(accountSid, authToken, { timeout, autoRetry: false });
      this.secrets = [authToken];
    }
    Object.freeze(this);
  }

  /** Sends the message; resolves with Twilio's message SID (`SM...`). */
  async send(message: SmsMessage): Promise<string> {
    try {
      const created = await this.client.messages.create({ to: message.to, body: message.body, ...this.from });
      return created.sid;
    } catch (err) {
      throw this.toSendError(err);
    }
  }

  /** @internal */
  private toSendError(err: unknown): SmsSendError {
    const provider = this.name;
    const { status, code, message, moreInfo } = (err ?? {}) as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
    const text = typeof message === 'string' ? excerpt(message, this.secrets) : undefined;
    if (typeof status === 'number') {
      // A RestException: Twilio answered with an error document (code, message, more_info, status).
      const retryable = isRetryableStatus(status) || code === 20429;
      const twilioCode = typeof code === 'number' || typeof code === 'string' ? code : undefined;
      const detail = excerpt([message, moreInfo].filter((part) => typeof part === 'string' && part !== '').join(' '), this.secrets) || undefined;
      return new SmsSendError(withDetail(`Twilio refused the message (HTTP ${status}${twilioCode === undefined ? '' : `, code ${twilioCode}`})`, detail), {
        provider,
        retryable,
        status,
        code: twilioCode,
        detail,
        fault: TWILIO_FAULTS.get(Number(twilioCode)),
      });
    }
    const network = networkErrorCode(err) ?? (isTimeout(err) ? 'timeout' : undefined);
    if (network) {
      return new SmsSendError(`Twilio could not be reached (${network})`, { provider, retryable: true, code: network, detail: text });
    }
    return new SmsSendError(withDetail('Twilio send failed', text), { provider, retryable: true, detail: text });
  }
}
