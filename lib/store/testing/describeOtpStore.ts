import { InvalidOptionError } from '../../errors';
import type { OtpStore } from '../OtpStore';
import { hasFeatureMethods, STORE_FEATURES, type FeatureStores, type StoreFeature } from '../storeFeatures';
import type { Cases } from './Cases';
import { deliveryCases, deliveryRaceCases } from './deliveryCases';
import { deviceCases, deviceRaceCases } from './deviceCases';
import { lifecycleCases } from './lifecycleCases';
import { lockoutCases } from './lockoutCases';
import { lockoutRaceCases } from './lockoutRaceCases';
import { methodCases } from './methodCases';
import { quotaCases } from './quotaCases';
import { raceCases } from './raceCases';
import { recoveryCases, recoveryRaceCases } from './recoveryCases';
import { sendCases } from './sendCases';
import { tollFraudCases, tollFraudRaceCases } from './tollFraudCases';
import type { OtpStoreSuiteOptions, OtpStoreSuiteTools } from './suiteTools';
import { verifyCases } from './verifyCases';

/**
 * Registers the cases every `OtpStore` must pass: the ones `MemoryOtpStore` and `RedisOtpStore`
 * pass, races included. Call it where your runner collects tests (a file's top level, or inside a
 * `describe`); each case runs on a store of its own from `makeStore`.
 *
 * @param name - What the outer `describe` is called, such as `'DynamoOtpStore'`.
 * @param makeStore - A fresh store: one that holds nothing from an earlier case (its own key
 *   prefix, table or namespace). May return a promise.
 * @param tools - Your test runner's `describe`, `it` and `expect`.
 * @param options - The features your store has (`features`), and a second instance over one
 *   backend for the races (`makePeer`).
 * @throws {InvalidOptionError} when `tools` lacks `describe`, `it` or `expect`, or `features` names an unknown feature.
 *
 * @example
 * // jest
 * import { describeOtpStore } from 'passport-sms-otp/store/testing';
 * describeOtpStore('MyOtpStore', () => new MyOtpStore({ prefix: randomUUID() }), { describe, it, expect });
 *
 * @example
 * // node:test, with the standalone `expect` package
 * import { describe, it } from 'node:test';
 * import { expect } from 'expect';
 * describeOtpStore('MyOtpStore', () => new MyOtpStore({ prefix: randomUUID() }), { describe, it, expect }, { features: ['rememberDevice'] });
 */
export function describeOtpStore<S extends OtpStore>(name: string, makeStore: () => S | Promise<S>, tools: OtpStoreSuiteTools, options: OtpStoreSuiteOptions<S> = {}): void {
  checkTools(tools);
  const features = checkFeatures(options.features ?? []);
  const { makePeer } = options;
  const casesOn = <T>(open: () => Promise<T>): Cases<T> => ({
    expect: (actual) => tools.expect(actual),
    it: (title, run) => void tools.it(title, async () => run(await open())),
  });
  const fresh = async (): Promise<OtpStore> => makeStore();
  const pair = async (peer: NonNullable<typeof makePeer>): Promise<OtpStore[]> => {
    const store = await makeStore();
    return [store, await peer(store)];
  };

  /** Races on one instance, and again split between two over one backend (with `makePeer`). */
  const races = <T>(run: (cases: Cases<readonly T[]>) => void, open: (store: OtpStore) => T) => {
    tools.describe('races on one instance', () => run(casesOn(async () => [open(await fresh())])));
    if (makePeer) tools.describe('races across two instances over one backend', () => run(casesOn(async () => (await pair(makePeer)).map(open))));
  };
  /** A listed feature's cases and races, on the store seen as having the feature's methods. */
  const feature = <F extends StoreFeature>(listed: F, run: (cases: Cases<FeatureStore<F>>) => void, runRaces: (cases: Cases<readonly FeatureStore<F>[]>) => void) => {
    if (!features.includes(listed)) return;
    const open = (store: OtpStore) => withFeature(store, listed);
    tools.describe(listed, () => {
      run(casesOn(async () => open(await fresh())));
      races(runRaces, open);
    });
  };

  tools.describe(name, () => {
    tools.describe('methods', () => methodCases(casesOn(fresh), features));
    tools.describe('sends', () => sendCases(casesOn(fresh)));
    tools.describe('quotas', () => quotaCases(casesOn(fresh)));
    tools.describe('codes and lockout', () => verifyCases(casesOn(fresh)));
    tools.describe('consecutive failures, holds and unlock', () => lockoutCases(casesOn(fresh)));
    tools.describe('ending and lapsing', () => lifecycleCases(casesOn(fresh)));
    races((cases: Cases<readonly OtpStore[]>) => {
      raceCases(cases);
      lockoutRaceCases(cases);
    }, (store) => store);
    feature('rememberDevice', deviceCases, deviceRaceCases);
    feature('recoveryCodes', recoveryCases, recoveryRaceCases);
    feature('deliveryReceipts', deliveryCases, deliveryRaceCases);
    feature('tollFraud', tollFraudCases, tollFraudRaceCases);
  });
}

/** A store with the methods of `feature`. */
type FeatureStore<F extends StoreFeature> = OtpStore & FeatureStores[F];

/** The store, for the cases of a feature that `features` lists. */
function withFeature<F extends StoreFeature>(store: OtpStore, feature: F): FeatureStore<F> {
  if (!hasFeatureMethods(store, feature)) throw new TypeError(`features lists ${feature}, yet the store lacks some of ${feature}'s methods.`);
  return store;
}

function checkTools(tools: OtpStoreSuiteTools): void {
  const missing = (['describe', 'it', 'expect'] as const).filter((tool) => typeof tools?.[tool] !== 'function');
  if (missing.length > 0) throw new InvalidOptionError('tools', "your test runner's describe, it and expect", `an object without ${missing.join(', ')}`);
}

function checkFeatures(features: readonly StoreFeature[]): readonly StoreFeature[] {
  if (!Array.isArray(features) || features.some((feature) => !STORE_FEATURES.includes(feature))) {
    throw new InvalidOptionError('features', `a list of the features ${STORE_FEATURES.join(', ')}`, 'an unknown feature');
  }
  return features;
}
