import type { DeliveryStore, OtpStore, RecoveryCodeStore, RememberDeviceStore, TollFraudStore } from './OtpStore';

/** The methods every verification needs, whatever the strategy's options. */
export const CORE_STORE_METHODS = ['reserveSend', 'releaseSend', 'takeQuota', 'returnQuota', 'verify', 'inspect', 'end', 'unlock'] as const satisfies readonly (keyof OtpStore)[];

/**
 * What each optional feature needs of the store, by the option that turns it on. A store must
 * have a feature's methods only when the strategy is configured with that feature; a later
 * feature that needs the store adds its row here, its interface beside `RememberDeviceStore`, and
 * its cases to `describeOtpStore`.
 */
export const FEATURE_STORE_METHODS = {
  rememberDevice: ['checkDevice', 'forgetDevices', 'rememberDevice'],
  recoveryCodes: ['recoveryCodeUsed', 'takeRecoveryAttempt'],
  deliveryReceipts: ['recordReceipt', 'trackDelivery'],
  tollFraud: ['groupVerified', 'returnGroupSend', 'takeGroupSend'],
} as const satisfies Record<string, readonly (keyof (RememberDeviceStore & RecoveryCodeStore & DeliveryStore & TollFraudStore))[]>;

/** An option whose feature needs methods of the store beyond the core ones. */
export type StoreFeature = keyof typeof FEATURE_STORE_METHODS;

/** Every feature that needs the store, in the table's order. */
export const STORE_FEATURES = Object.keys(FEATURE_STORE_METHODS) as StoreFeature[];

/** The names among `methods` that `store` has no function for, in their order. */
export function missingMethods(store: object, methods: readonly string[]): string[] {
  return methods.filter((method) => typeof (store as Record<string, unknown>)[method] !== 'function');
}

/** The interface of each feature's methods. */
export interface FeatureStores {
  rememberDevice: RememberDeviceStore;
  recoveryCodes: RecoveryCodeStore;
  deliveryReceipts: DeliveryStore;
  tollFraud: TollFraudStore;
}

/** Whether `store` has every method of `feature`. */
export function hasFeatureMethods<F extends StoreFeature>(store: OtpStore, feature: F): store is OtpStore & FeatureStores[F] {
  return missingMethods(store, FEATURE_STORE_METHODS[feature]).length === 0;
}
