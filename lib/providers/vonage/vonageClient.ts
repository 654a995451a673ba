import { InvalidOptionError } from '../../errors';
import { DEFAULTS, RANGES } from '../../config/defaults';
import { optional, required } from '../../config/validate';
import type { VonageClientLike, VonageProviderOptions } from '../VonageProvider';
import type { OutboundTalkCall } from './talkCall';
import type { VerifySignature } from './vonageReceipts';
import { loadVonage } from './vonageSdk';
import { voiceApplication } from './voiceApplication';

/** How a provider places a call: the Voice API's call, and the number calls come from. */
export interface VonageCalls {
  readonly place: (call: OutboundTalkCall) => Promise<{ uuid?: string }>;
  readonly from: string;
}

/** The client a provider sends with, how it places calls (when it can), and the secrets its errors mask. */
export interface VonageClientSetup {
  readonly client: VonageClientLike;
  readonly calls: VonageCalls | undefined;
  readonly secrets: readonly string[];
}

const A_CLIENT = 'a Vonage client from @vonage/server-sdk';

/**
 * The client given as `client`, for texts only: whether a client was built with an application is
 * not something the SDK tells, so calls need the provider to build its own.
 */
export function givenClient(options: VonageProviderOptions, signatureSecret: string | undefined): VonageClientSetup {
  const { client } = options;
  if (typeof client?.sms?.send !== 'function') throw new InvalidOptionError('client', A_CLIENT);
  for (const option of ['applicationId', 'privateKey', 'voiceSender'] as const) {
    if (options[option] !== undefined) throw new InvalidOptionError(option, 'left out with client (for calls, leave client out: the provider builds its own from apiKey, apiSecret, applicationId and privateKey)');
  }
  return {
    client,
    calls: undefined,
    secrets: [options.apiSecret, signatureSecret].filter((secret): secret is string => typeof secret === 'string'),
  };
}

/**
 * A client built from the options: the key and secret, and for calls the application, whose calls
 * need a number to come from (`caller`).
 */
export function builtClient(options: VonageProviderOptions, signatureSecret: string | undefined, caller: string | undefined): VonageClientSetup {
  const apiKey = required.string('apiKey', options.apiKey).trim();
  const apiSecret = required.string('apiSecret', options.apiSecret).trim();
  const application = voiceApplication(options.applicationId, options.privateKey);
  if (application && caller === undefined) throw new InvalidOptionError('voiceSender', 'set to a phone number in international format (calls cannot come from an alphanumeric sender)');
  if (!application && options.voiceSender !== undefined) throw new InvalidOptionError('voiceSender', 'left out without applicationId and privateKey');
  const restHost = checkHost('restHost', options.restHost, DEFAULTS.vonage.restHost);
  const apiHost = checkHost('apiHost', options.apiHost, DEFAULTS.vonage.apiHost);
  const timeout = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.vonage.timeoutMs, DEFAULTS.vonage.timeoutMs);
  const Vonage = loadVonage();
  const client = new Vonage({ apiKey, apiSecret, ...application }, { restHost, apiHost, timeout });
  return {
    client,
    calls: application && caller !== undefined ? { place: (call) => client.voice.createOutboundCall(call), from: caller } : undefined,
    secrets: signatureSecret === undefined ? [apiSecret] : [apiSecret, signatureSecret],
  };
}

/** The SDK's `sms.verifySignature`, which signed receipts are checked with. */
export function signatureCheck(client: VonageClientLike): VerifySignature {
  const { sms } = client;
  if (typeof sms.verifySignature !== 'function') throw new InvalidOptionError('client', `${A_CLIENT} (its sms.verifySignature checks the receipts)`);
  return sms.verifySignature.bind(sms);
}

function checkHost(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const text = required.string(option, value, 'an http(s) URL').trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError(option, 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidOptionError(option, 'an http(s) URL');
  return text.replace(/\/+$/, '');
}
