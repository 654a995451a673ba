import { OtpStoreUnavailableError } from '../../errors';

/**
 * The promise, or an `OtpStoreUnavailableError` once `ms` have passed: a backend that hangs
 * (paused, overloaded, a half-open connection) fails closed like one that is down.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OtpStoreUnavailableError(`The store did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
