import { InvalidOptionError } from '../errors';
import { MemoryOtpStore } from '../store/MemoryOtpStore';
import type { OtpStore } from '../store/OtpStore';
import { CORE_STORE_METHODS, FEATURE_STORE_METHODS, hasFeatureMethods, missingMethods, type FeatureStores, type StoreFeature } from '../store/storeFeatures';

/** The `store` option: a store with every method each verification needs (a `MemoryOtpStore` when unset). */
export function resolveStore(store: unknown): OtpStore {
  if (store === undefined) return new MemoryOtpStore();
  const expected = 'an OtpStore such as MemoryOtpStore or RedisOtpStore';
  if (store === null || typeof store !== 'object') throw new InvalidOptionError('store', expected, store === null ? 'null' : `a ${typeof store}`);
  const missing = missingMethods(store, CORE_STORE_METHODS);
  if (missing.length > 0) throw new InvalidOptionError('store', expected, `an object without ${missing.join(', ')}`);
  return store as OtpStore;
}

/**
 * The store, checked for the methods a configured feature needs: a store may leave them out only
 * while that feature is off.
 *
 * @throws {InvalidOptionError} naming the feature and the methods the store lacks.
 */
export function requireFeatureMethods<F extends StoreFeature>(store: OtpStore, feature: F): OtpStore & FeatureStores[F] {
  if (hasFeatureMethods(store, feature)) return store;
  const methods = FEATURE_STORE_METHODS[feature];
  const missing = missingMethods(store, methods);
  throw new InvalidOptionError(
    'store',
    `an OtpStore with ${methods.join(', ')} (the ${feature} option is set)`,
    `a store without ${missing.join(', ')}`,
    `Option "store" lacks ${feature}'s methods ${missing.join(', ')}: with the ${feature} option set, the store must have ${methods.join(', ')} (see describeOtpStore in passport-sms-otp/store/testing).`,
  );
}
