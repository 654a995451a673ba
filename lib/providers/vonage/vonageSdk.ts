import { createRequire } from 'node:module';
import { loadOptionalPeer } from '../loadOptionalPeer';
import type { VonageClientLike } from '../VonageProvider';
import type { OutboundTalkCall } from './talkCall';

/** Versions after 3.27 of the SDK need Node 22, and this package supports Node 20. */
const INSTALL_SDK = 'npm install @vonage/server-sdk (on Node 20: npm install @vonage/server-sdk@3.27, the last version that runs there; later ones need Node 22)';
const NEEDED_BY = 'The vonage SMS provider';

/** What `new Vonage(...)` takes, as far as this provider sets it. */
export interface VonageCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly applicationId?: string;
  readonly privateKey?: string;
}

/** A client of the SDK: the SMS API, and the Voice API (which calls with the application's credentials). */
export type VonageSdkClient = VonageClientLike & {
  readonly voice: { createOutboundCall(call: OutboundTalkCall): Promise<{ uuid?: string }> };
};

interface VonageSdk {
  Vonage: new (credentials: VonageCredentials, options: { restHost: string; apiHost: string; timeout: number }) => VonageSdkClient;
}

/** One part of the SMS API's answer that Vonage refused, as `SMSFailure` lists it. */
export interface FailedMessage {
  readonly status?: string;
  readonly errorText?: string;
}

/** `SMSFailure` of `@vonage/sms`: an HTTP 200 whose per-message status is not 0. */
export type SmsFailureClass = abstract new (...args: never[]) => Error & { getFailedMessages(): FailedMessage[] };

/** `Vonage` of `@vonage/server-sdk`. */
export function loadVonage(): VonageSdk['Vonage'] {
  return loadOptionalPeer<VonageSdk>('@vonage/server-sdk', NEEDED_BY, { install: INSTALL_SDK }).Vonage;
}

/** `SMSFailure` lives in `@vonage/sms`, which the SDK depends on; resolve it from the SDK's own location. */
export function loadSmsFailure(): SmsFailureClass {
  const sdkRequire = createRequire(require.resolve('@vonage/server-sdk'));
  return loadOptionalPeer<{ SMSFailure: SmsFailureClass }>('@vonage/sms', NEEDED_BY, { install: INSTALL_SDK, load: (id) => sdkRequire(id) }).SMSFailure;
}
