import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { SmsOtpOptions } from '../lib';
import type { PasswordLimitOptions } from './passwordLimits';

/** Everything the example app reads from its environment, decided once at start-up. */
export interface ExampleConfig {
  /** `NODE_ENV=production`: secrets and a real SMS provider are required, the SMS inbox is off. */
  readonly production: boolean;
  /** Port for `server.ts`; `PORT`, default 3000. */
  readonly port: number;
  /** Address `server.ts` listens on; `HOST`, default `127.0.0.1` (this machine only). */
  readonly host: string;
  /** Signs the session cookie (`SESSION_SECRET`). */
  readonly sessionSecret: string;
  /** Key the codes are hashed under (`SMS_OTP_SECRET`). */
  readonly smsOtpSecret: string;
  /** Express's `trust proxy` setting (`TRUST_PROXY`), for running behind a TLS-terminating proxy. */
  readonly trustProxy: boolean | number | string;
  /** When set, sessions and codes live in Redis (`REDIS_URL`). */
  readonly redisUrl: string | undefined;
  /** Put before every Redis key the app writes; `REDIS_PREFIX`, default `example:`. */
  readonly redisPrefix: string;
  /** When set, texts go out through the provider the `SMS_PROVIDER` variables describe. */
  readonly smsProvider: string | undefined;
  /** The environment the SMS provider reads its settings from. */
  readonly env: NodeJS.ProcessEnv;
  /** Where request logs go; default standard output. */
  readonly logStream?: DestinationStream;
  /** pino level; `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
  /** Where the development console provider prints texts; default standard error. */
  readonly printSms?: (text: string) => void;
  /** Serve Prometheus metrics at `/metrics` (`METRICS=1`). */
  readonly metrics: boolean;
  /** Serve `/metrics` to other machines and through proxies too (`METRICS_PUBLIC=1`); default this machine only. */
  readonly metricsPublic: boolean;
  /** Strategy options to override, for tests (a short resend cooldown, say). */
  readonly smsOtp?: Partial<SmsOtpOptions>;
  /** Limits on wrong passwords to override, for tests; default `DEFAULT_PASSWORD_LIMITS`. */
  readonly passwordLimits?: Partial<PasswordLimitOptions>;
}

/** A configuration error: the app refuses to start and says what to set. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables. In development a missing secret is
 * generated (with a warning, since sessions and codes then die with the process); in
 * production it is an error.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, warn: (text: string) => void = defaultWarn): ExampleConfig {
  const production = env.NODE_ENV === 'production';
  const smsProvider = nonEmpty(env.SMS_PROVIDER);
  if (production && !smsProvider) {
    throw new ConfigError('SMS_PROVIDER is required when NODE_ENV=production (the console provider would print codes to the logs).');
  }
  return {
    production,
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    sessionSecret: secret(env, 'SESSION_SECRET', production, warn),
    smsOtpSecret: secret(env, 'SMS_OTP_SECRET', production, warn),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    redisUrl: nonEmpty(env.REDIS_URL),
    redisPrefix: nonEmpty(env.REDIS_PREFIX) ?? 'example:',
    smsProvider,
    env,
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
    metrics: flag(env, 'METRICS'),
    metricsPublic: flag(env, 'METRICS_PUBLIC'),
  };
}

function secret(env: NodeJS.ProcessEnv, name: string, production: boolean, warn: (text: string) => void): string {
  const value = nonEmpty(env[name]);
  if (value) {
    if (value.length < 16) throw new ConfigError(`${name} must be at least 16 characters (32 random bytes advised).`);
    return value;
  }
  if (production) throw new ConfigError(`${name} is required when NODE_ENV=production (32 random bytes, such as: openssl rand -hex 32).`);
  warn(`example-app: ${name} is not set; using a random one for this process (sessions and codes end when it stops).`);
  return randomBytes(32).toString('hex');
}

function parsePort(value: string | undefined): number {
  if (!nonEmpty(value)) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${value}".`);
  return port;
}

/** `TRUST_PROXY` as Express reads it: `true`/`false`, a hop count, or addresses and subnets. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  const text = nonEmpty(value);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** A switch: `1` or `true` on, unset, `0` or `false` off. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0, not "${env[name]}".`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function defaultWarn(text: string): void {
  process.stderr.write(`${text}\n`);
}
