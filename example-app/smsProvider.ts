import { createProvider, type SmsProvider } from '../lib';

/** The real SMS provider the `SMS_PROVIDER` environment variables describe (see the README's providers section). */
export function providerFromEnv(env: NodeJS.ProcessEnv): SmsProvider {
  const provider = createProvider.fromEnv(env);
  if (!provider) throw new Error('SMS_PROVIDER did not describe a provider: set it to twilio, vonage, custom or console, with its variables.');
  return provider;
}
