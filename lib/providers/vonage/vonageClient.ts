import { InvalidOptionError } from '../../errors';
import { DEFAULTS, RANGES } from '../../config/defaults';
import { optional, required } from '../../config/validate';
import type { VonageClientLike, VonageProviderOptions } from '../VonageProvider';
import type { VerifySignature } from './vonageReceipts';
import { loadVonage } from './vonageSdk';

/** The client a provider sends with, and the secrets its errors mask. */
export interface VonageClientSetup {
  readonly client: VonageClientLike;
  readonly secrets: readonly string[];
}

const A_CLIENT = 'a Vonage client from @vonage/server-sdk';

/** The client given as `client`. */
export function givenClient(options: VonageProviderOptions, signatureSecret: string | undefined): VonageClientSetup {
  const { client } = options;
  if (typeof client?.sms?.send !== 'function') throw new InvalidOptionError('client', A_CLIENT);
  return {
    client,
    secrets: [options.apiSecret, signatureSecret].filter((secret): secret is string => typeof secret === 'string'),
  };
}

/** A client built from the options: the key and secret. */
export function builtClient(options: VonageProviderOptions, signatureSecret: string | undefined): VonageClientSetup {
  const apiKey = required.string('apiKey', options.apiKey).trim();
  const apiSecret = required.string('apiSecret', options.apiSecret).trim();
  const restHost = checkHost('restHost', options.restHost, DEFAULTS.vonage.restHost);
  const timeout = optional.milliseconds('timeoutMs', options.timeoutMs, ...RANGES.vonage.timeoutMs, DEFAULTS.vonage.timeoutMs);
  const Vonage = loadVonage();
  return {
    client: new Vonage({ apiKey, apiSecret }, { restHost, timeout }),
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
