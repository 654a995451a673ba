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
  const because = WHAT_TURNS_ON[feature];
  throw new InvalidOptionError(
    'store',
    `an OtpStore with ${methods.join(', ')} (${because} is set)`,
    `a store without ${missing.join(', ')}`,
    `Option "store" lacks ${feature}'s methods ${missing.join(', ')}: with ${because} set, the store must have ${methods.join(', ')} (see describeOtpStore in passport-sms-otp/store/testing).`,
  );
}

/** What turns each feature on, as its error names it: an option, or a provider's set-up. */
const WHAT_TURNS_ON: Readonly<Record<StoreFeature, string>> = {
  rememberDevice: 'the rememberDevice option',
  recoveryCodes: 'the recoveryCodes option',
  deliveryReceipts: "a provider's delivery receipts (Twilio statusCallbackUrl, Vonage signatureSecret, a custom gateway's receipts, the console's receipts)",
  tollFraud: 'the tollFraud option (on by default; tollFraud: false turns it off)',
};
