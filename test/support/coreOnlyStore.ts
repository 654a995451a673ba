import type { OtpStore } from '../../lib/store';
import { CORE_STORE_METHODS, FEATURE_STORE_METHODS, STORE_FEATURES, type StoreFeature } from '../../lib/store/storeFeatures';

/**
 * `store` seen through its core methods (`unlock` among them) and the methods of `features` only,
 * as a store an app writes for the features it uses.
 */
export function storeWithFeatures(store: OtpStore, features: readonly StoreFeature[]): OtpStore {
  const methods = [...CORE_STORE_METHODS, ...features.flatMap((feature) => FEATURE_STORE_METHODS[feature])];
  const all = store as unknown as Record<string, (request: unknown) => Promise<unknown>>;
  return Object.fromEntries(methods.map((method) => [method, all[method].bind(store)])) as unknown as OtpStore;
}

/** `store` seen without the methods of `features`, as a store an app writes for every other feature. */
export function storeWithout(store: OtpStore, features: readonly StoreFeature[]): OtpStore {
  return storeWithFeatures(store, STORE_FEATURES.filter((feature) => !features.includes(feature)));
}

/**
 * `store` seen through its core methods only, as a store an app writes without remembered devices,
 * recovery codes, receipts or the toll-fraud counters (a strategy takes it with `tollFraud: false`).
 */
export function coreOnlyStore(store: OtpStore): OtpStore {
  return storeWithFeatures(store, []);
}
