import * as smsOtp from '../lib';
import type { SmsProvider } from '../lib';

type ProviderFactory = { fromEnv(env?: NodeJS.ProcessEnv): SmsProvider | readonly SmsProvider[] | undefined };

/**
 * The real SMS provider(s) the `SMS_PROVIDER` environment variables describe, through the package's
 * `createProvider.fromEnv()`. Looked up by name so the example also builds against a version of
 * the package without it, and says so when SMS_PROVIDER is set.
 */
export function providerFromEnv(env: NodeJS.ProcessEnv): SmsProvider | readonly SmsProvider[] {
  const createProvider = (smsOtp as unknown as Record<string, unknown>).createProvider as ProviderFactory | undefined;
  if (typeof createProvider?.fromEnv !== 'function') {
    throw new Error('SMS_PROVIDER is set, but this version of passport-sms-otp has no createProvider.fromEnv(): unset SMS_PROVIDER or update the package.');
  }
  const provider = createProvider.fromEnv(env);
  if (!provider) throw new Error('SMS_PROVIDER did not describe a provider: set it to twilio, vonage, custom or console, with its variables.');
  return provider;
}
