import { InvalidOptionError } from '../../errors';
import type { OtpStore } from '../OtpStore';
import { hasFeatureMethods, STORE_FEATURES, type StoreFeature } from '../storeFeatures';
import type { Cases } from './Cases';
import { deviceCases, deviceRaceCases, type DeviceStore } from './deviceCases';
import { lifecycleCases } from './lifecycleCases';
import { methodCases } from './methodCases';
import { quotaCases } from './quotaCases';
import { raceCases } from './raceCases';
import { sendCases } from './sendCases';
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

  tools.describe(name, () => {
    tools.describe('methods', () => methodCases(casesOn(fresh), features));
    tools.describe('sends', () => sendCases(casesOn(fresh)));
    tools.describe('quotas', () => quotaCases(casesOn(fresh)));
    tools.describe('codes and lockout', () => verifyCases(casesOn(fresh)));
    tools.describe('ending and lapsing', () => lifecycleCases(casesOn(fresh)));
    tools.describe('races on one instance', () => raceCases(casesOn(async () => [await fresh()])));
    if (makePeer) tools.describe('races across two instances over one backend', () => raceCases(casesOn(() => pair(makePeer))));
    if (features.includes('rememberDevice')) {
      tools.describe('rememberDevice', () => {
        deviceCases(casesOn(async () => withDevices(await fresh())));
        tools.describe('races on one instance', () => deviceRaceCases(casesOn(async () => [withDevices(await fresh())])));
        if (makePeer) tools.describe('races across two instances over one backend', () => deviceRaceCases(casesOn(async () => (await pair(makePeer)).map(withDevices))));
      });
    }
  });
}

/** The store, for the cases of `rememberDevice` (which `features` lists). */
function withDevices(store: OtpStore): DeviceStore {
  if (!hasFeatureMethods(store, 'rememberDevice')) throw new TypeError("features lists rememberDevice, yet the store lacks some of rememberDevice's methods.");
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
