import type { OtpStore } from '../../lib/store';
import { CORE_STORE_METHODS } from '../../lib/store/storeFeatures';

/** `store` seen through its core methods only, as a store an app writes without remembered devices. */
export function coreOnlyStore(store: OtpStore): OtpStore {
  return Object.fromEntries(CORE_STORE_METHODS.map((method) => [method, store[method].bind(store)])) as unknown as OtpStore;
}
