import { InvalidOptionError } from '../errors';
import { ConsoleProvider } from './ConsoleProvider';
import { createProvider } from './createProvider';
import type { SmsProvider } from './SmsProvider';

/** The `provider` option as a non-empty list; unset, the provider the `SMS_PROVIDER` variables describe, or the development default. */
export function resolveProviders(provider: unknown, production: boolean, developmentDefaults: string[]): readonly SmsProvider[] {
  if (provider === undefined) {
    const configured = createProvider.fromEnv();
    if (configured) return Object.freeze([configured]);
    if (production) throw new InvalidOptionError('provider', 'an SMS provider when NODE_ENV=production');
    developmentDefaults.push('ConsoleProvider');
    return Object.freeze([new ConsoleProvider()]);
  }
  const list = Array.isArray(provider) ? provider : [provider];
  if (list.length === 0 || !list.every(isProvider)) {
    throw new InvalidOptionError('provider', 'an SMS provider (an object with a name and a send method) or a non-empty list of them');
  }
  return Object.freeze([...list]);
}

function isProvider(candidate: unknown): candidate is SmsProvider {
  const provider = candidate as Partial<SmsProvider> | null;
  return typeof provider?.send === 'function' && typeof provider.name === 'string';
}
