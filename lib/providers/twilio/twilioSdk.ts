import { loadOptionalPeer } from '../loadOptionalPeer';
import type { TwilioClientLike } from '../TwilioProvider';

/**
 * The parts of the `twilio` package the provider uses, written here so that the package's types
 * do not depend on it (it is an optional peer): the client factory and the webhook signature check.
 */
export interface TwilioSdk {
  (accountSid: string, authToken: string, opts: { timeout: number; autoRetry: boolean }): TwilioClientLike;
  validateRequest(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean;
}

/** Loads the `twilio` package, or throws an error saying how to install it. */
export function loadTwilioSdk(): TwilioSdk {
  return loadOptionalPeer<TwilioSdk>('twilio', 'The twilio SMS provider');
}
