import { SmsOtpError } from '../errors';

/** How a module is loaded; tests swap it to simulate a missing package. */
export type ModuleLoader = (id: string) => unknown;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peers must load lazily, only when their provider is built
const nodeRequire: ModuleLoader = (id) => require(id);

/**
 * Loads an optional peer dependency, such as `twilio`, when its provider is constructed.
 *
 * Apps that use another provider never need the package installed. When it is missing,
 * the error says which package to install instead of Node's bare "Cannot find module".
 *
 * @param packageName - The npm package to load.
 * @param providerName - The provider that needs it, for the error message.
 * @param load - The loader; defaults to Node's `require`.
 */
export function loadOptionalPeer<T>(packageName: string, providerName: string, load: ModuleLoader = nodeRequire): T {
  try {
    return load(packageName) as T;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const message = err instanceof Error ? err.message : '';
    if (code === 'MODULE_NOT_FOUND' && message.includes(`'${packageName}'`)) {
      throw new SmsOtpError(
        `The ${providerName} SMS provider needs the "${packageName}" package, which is not installed. ` +
          `Run: npm install ${packageName}`,
        { cause: err },
      );
    }
    throw err;
  }
}
