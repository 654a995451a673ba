import type { OtpStore } from '../../lib/store';
import type { OtpStoreSuiteOptions } from '../../lib/store/testing';
import type { Backend } from './backends';

/** What `describeOtpStore` is given for one backend. */
export interface StoreContractRun {
  readonly makeStore: () => Promise<OtpStore>;
  readonly options: OtpStoreSuiteOptions<OtpStore>;
}

/**
 * `describeOtpStore`'s arguments for a backend of `backends.ts`: a store under a fresh prefix per
 * case, every feature of the shipped stores (rememberDevice, recoveryCodes, deliveryReceipts,
 * tollFraud), and on every shared backend (all but memory) a second store instance over the same
 * keys, on a client of its own, for the races across instances.
 */
export function storeContractRun(backend: Backend): StoreContractRun {
  const peers = new WeakMap<OtpStore, () => OtpStore>();
  const makeStore = async () => {
    const { otpStore, otpStorePeer } = await backend.open();
    if (otpStorePeer) peers.set(otpStore, otpStorePeer);
    return otpStore;
  };
  const makePeer = (store: OtpStore) => {
    const peer = peers.get(store);
    if (!peer) throw new Error(`the ${backend.name} backend gave no peer for this store`);
    return peer();
  };
  return { makeStore, options: { features: ['rememberDevice', 'recoveryCodes', 'deliveryReceipts', 'tollFraud'], makePeer: backend.name === 'memory' ? undefined : makePeer } };
}
