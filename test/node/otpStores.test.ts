// The store contract under node:test with the standalone `expect` package, as a store's author
// without jest runs it, on every backend of the jest run. `npm test` runs it after jest:
// node --import tsx --test test/node/*.test.ts
import { after, describe, it } from 'node:test';
import { expect } from 'expect';
import { describeOtpStore } from '../../lib/store/testing';
import { backends } from '../support/backends';
import { storeContractRun } from '../support/otpStoreContract';

// backends.ts registers the cluster's cleanup with jest's global afterAll: here it is node:test's `after`.
Object.assign(globalThis, { afterAll: after });

for (const backend of backends('node-otpStores')) {
  describe(`the ${backend.name} backend`, () => {
    after(() => backend.close());
    const { makeStore, options } = storeContractRun(backend);
    describeOtpStore('OtpStore contract', makeStore, { describe, it, expect }, options);
  });
}
