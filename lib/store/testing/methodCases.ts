import type { OtpStore } from '../OtpStore';
import { CORE_STORE_METHODS, FEATURE_STORE_METHODS, missingMethods, STORE_FEATURES, type StoreFeature } from '../storeFeatures';
import type { Cases } from './Cases';

/**
 * The store's shape: every core method, all of the methods of each listed feature, and none of a
 * feature's methods when it is not listed (the strategy would call them: they must be tested).
 */
export function methodCases({ it, expect }: Cases<OtpStore>, features: readonly StoreFeature[]): void {
  it(`has every method a verification needs (${CORE_STORE_METHODS.join(', ')})`, async (store) => {
    expect(missingMethods(store, CORE_STORE_METHODS)).toEqual([]);
  });
  for (const feature of STORE_FEATURES) {
    const methods = FEATURE_STORE_METHODS[feature];
    if (features.includes(feature)) {
      it(`has every method ${feature} needs (${methods.join(', ')})`, async (store) => {
        expect(missingMethods(store, methods)).toEqual([]);
      });
    } else {
      it(`has none of ${feature}'s methods (${methods.join(', ')}), as features does not list ${feature}`, async (store) => {
        expect(missingMethods(store, methods)).toEqual([...methods]);
      });
    }
  }
}
