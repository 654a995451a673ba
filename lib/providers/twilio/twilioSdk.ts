import { loadOptionalPeer } from '../loadOptionalPeer';
import type { TwilioClientLike } from '../TwilioProvider';

/** A TwiML document for a call, as the SDK's `VoiceResponse` builds it (escaping the text). */
interface VoiceResponse {
  pause(attributes: { length: number }): unknown;
  say(attributes: { language: string }, message: string): unknown;
  toString(): string;
}

/**
 * The parts of the `twilio` package the provider uses, written here so that the package's types
 * do not depend on it (it is an optional peer): the client factory, the webhook signature check and
 * the TwiML builder.
 */
export interface TwilioSdk {
  (accountSid: string, authToken: string, opts: { timeout: number; autoRetry: boolean }): TwilioClientLike;
  validateRequest(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean;
  readonly twiml: { readonly VoiceResponse: new () => VoiceResponse };
}

/** Loads the `twilio` package, or throws an error saying how to install it. */
export function loadTwilioSdk(): TwilioSdk {
  return loadOptionalPeer<TwilioSdk>('twilio', 'The twilio SMS provider');
}
