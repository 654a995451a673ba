import type { OtpStore } from '../../lib/store';
import { CORE_STORE_METHODS, FEATURE_STORE_METHODS, type StoreFeature } from '../../lib/store/storeFeatures';

/**
 * `store` seen through its core methods (`unlock` among them) and the methods of `features` only,
 * as a store an app writes for the features it uses.
 */
export function storeWithFeatures(store: OtpStore, features: readonly StoreFeature[]): OtpStore {
  const methods = [...CORE_STORE_METHODS, ...features.flatMap((feature) => FEATURE_STORE_METHODS[feature])];
  const all = store as unknown as Record<string, (request: unknown) => Promise<unknown>>;
  return Object.fromEntries(methods.map((method) => [method, all[method].bind(store)])) as unknown as OtpStore;
}

/** `store` seen through its core methods only, as a store an app writes without remembered devices or recovery codes. */
export function coreOnlyStore(store: OtpStore): OtpStore {
  return storeWithFeatures(store, []);
}
