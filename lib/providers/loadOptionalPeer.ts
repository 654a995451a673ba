import { SmsOtpError } from '../errors';

/** How a module is loaded; tests swap it to simulate a missing package. */
export type ModuleLoader = (id: string) => unknown;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peers must load lazily, only when their provider is built
const nodeRequire: ModuleLoader = (id) => require(id);

/**
 * Loads an optional peer dependency, such as `twilio`, when the feature that needs it is first used
 * (a provider is constructed, the metrics are created).
 *
 * Apps that do not use the feature never need the package installed. When it is missing,
 * the error says which package to install instead of Node's bare "Cannot find module".
 *
 * @param packageName - The npm package to load.
 * @param neededBy - What needs it, as the error names it: `The twilio SMS provider`, `smsOtpMetrics()`.
 * @param options.install - What to tell the user to run; default `npm install <packageName>`.
 * @param options.load - The loader; default Node's `require`.
 * @throws {SmsOtpError} when the package is not installed.
 */
export function loadOptionalPeer<T>(packageName: string, neededBy: string, options: { install?: string; load?: ModuleLoader } = {}): T {
  const { install = `npm install ${packageName}`, load = nodeRequire } = options;
  try {
    return load(packageName) as T;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const message = err instanceof Error ? err.message : '';
    if (code === 'MODULE_NOT_FOUND' && message.includes(`'${packageName}'`)) {
      throw new SmsOtpError(`${neededBy} needs the "${packageName}" package, which is not installed. Run: ${install}`, { cause: err });
    }
    throw err;
  }
}
