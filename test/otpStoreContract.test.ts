// Issues 17, 19 and 20: what describeOtpStore checks of a store, shown on stores that break its rules.
import { MemoryOtpStore, type OtpStore, type QuotaDecision, type QuotaRequest, type RecordReceiptRequest, type RecordReceiptResult, type StoreFeature, type TrackDeliveryRequest } from '../lib/store';
import { describeOtpStore, type OtpStoreSuiteOptions } from '../lib/store/testing';
import { coreOnlyStore, storeWithFeatures } from './support/coreOnlyStore';

/** describeOtpStore's cases for `makeStore`, registered with a recorder instead of jest's `describe` and `it`. */
function contractCases<S extends OtpStore>(makeStore: () => S, options?: OtpStoreSuiteOptions<S>): { name: string; run: () => Promise<void> }[] {
  const cases: { name: string; run: () => Promise<void> }[] = [];
  const path: string[] = [];
  const describe = (name: string, body: () => void) => {
    path.push(name);
    body();
    path.pop();
  };
  describeOtpStore('store', makeStore, { describe, it: (name, run) => void cases.push({ name: [...path.slice(1), name].join(' > '), run }), expect }, options);
  return cases;
}

/** The names of the cases that fail. */
async function failing<S extends OtpStore>(makeStore: () => S, options?: OtpStoreSuiteOptions<S>): Promise<string[]> {
  const failed: string[] = [];
  for (const { name, run } of contractCases(makeStore, options)) await run().catch(() => failed.push(name));
  return failed;
}

const QUOTA_RACE = 'grants at most max of 20 parallel takes of one quota';
/** Every feature of the shipped stores. */
const ALL: StoreFeature[] = ['rememberDevice', 'recoveryCodes', 'deliveryReceipts'];

/** Takes a quota point in two steps, a read and then a write, as a store over a plain key-value backend might. */
class ReadThenWriteQuotas extends MemoryOtpStore {
  readonly #counts = new Map<string, { count: number; windowEndsAt: number }>();

  override async takeQuota(request: QuotaRequest): Promise<QuotaDecision> {
    const found = this.#counts.get(request.subject);
    const current = found && found.windowEndsAt > request.now ? found : { count: 0, windowEndsAt: request.now + request.windowMs };
    await new Promise((resolve) => setImmediate(resolve));
    if (current.count >= request.max) return { granted: false, retryAfterMs: current.windowEndsAt - request.now };
    this.#counts.set(request.subject, { count: current.count + 1, windowEndsAt: current.windowEndsAt });
    return { granted: true };
  }

  override async returnQuota(request: QuotaRequest): Promise<void> {
    const found = this.#counts.get(request.subject);
    if (found && found.windowEndsAt > request.now && found.count > 0) found.count -= 1;
  }
}

/** Shares sign-ins through one backend, but counts quotas in each instance: right alone, wrong with two instances. */
class QuotasPerInstance extends MemoryOtpStore {
  readonly #shared: MemoryOtpStore;

  constructor(shared = new MemoryOtpStore()) {
    super();
    this.#shared = shared;
    const sharedMethods = ['reserveSend', 'releaseSend', 'verify', 'inspect', 'end', 'unlock', 'rememberDevice', 'checkDevice', 'forgetDevices', 'takeRecoveryAttempt', 'recoveryCodeUsed', 'trackDelivery', 'recordReceipt'] as const;
    for (const method of sharedMethods) Object.assign(this, { [method]: shared[method].bind(shared) });
  }

  peer(): QuotasPerInstance {
    return new QuotasPerInstance(this.#shared);
  }
}

/**
 * Says whether a receipt changed the delivery by comparing with what `inspect` read before it
 * recorded the receipt, a step apart, as a store that reads and then writes might.
 */
class ChangedByEarlierRead extends MemoryOtpStore {
  readonly #signIns = new Map<string, TrackDeliveryRequest>();

  override async trackDelivery(request: TrackDeliveryRequest): Promise<void> {
    for (const id of request.messageIds) this.#signIns.set(id, request);
    return super.trackDelivery(request);
  }

  override async recordReceipt(request: RecordReceiptRequest): Promise<RecordReceiptResult> {
    const tracked = this.#signIns.get(request.messageId);
    const before = tracked && (await this.inspect({ ...tracked, now: request.now })).delivery?.state;
    await new Promise((resolve) => setImmediate(resolve));
    const result = await super.recordReceipt(request);
    return result.status === 'recorded' ? { ...result, changed: result.delivery.state !== before } : result;
  }
}

describe('describeOtpStore', () => {
  it('passes MemoryOtpStore with all its features, in a few dozen cases that cover every method', async () => {
    const cases = contractCases(() => new MemoryOtpStore(), { features: ALL });
    expect(cases.length).toBeGreaterThan(58);
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^consecutive failures, holds and unlock > /),
        expect.stringMatching(/^rememberDevice > /),
        expect.stringMatching(/^recoveryCodes > /),
        expect.stringMatching(/^recoveryCodes > races on one instance > /),
        expect.stringMatching(/^deliveryReceipts > /),
        expect.stringMatching(/^deliveryReceipts > races on one instance > /),
        expect.stringMatching(/^races on one instance > compares exactly maxConsecutiveFailures /),
      ]),
    );
    expect(await failing(() => new MemoryOtpStore(), { features: ALL })).toEqual([]);
  });

  it("passes a store of the core methods only, without running the features' cases", async () => {
    const names = contractCases(() => coreOnlyStore(new MemoryOtpStore())).map((c) => c.name);
    expect(names.filter((name) => ['rememberDevice', 'recoveryCodes', 'deliveryReceipts'].some((feature) => name.startsWith(feature)))).toEqual([]);
    expect(names.filter((name) => name.startsWith('consecutive failures, holds and unlock > ')).length).toBeGreaterThan(5);
    expect(await failing(() => coreOnlyStore(new MemoryOtpStore()))).toEqual([]);
  });

  it("fails a store that has the features' methods without listing the features, so they are never left untested", async () => {
    expect(await failing(() => new MemoryOtpStore())).toEqual([
      "methods > has none of rememberDevice's methods (checkDevice, forgetDevices, rememberDevice), as features does not list rememberDevice",
      "methods > has none of recoveryCodes's methods (recoveryCodeUsed, takeRecoveryAttempt), as features does not list recoveryCodes",
      "methods > has none of deliveryReceipts's methods (recordReceipt, trackDelivery), as features does not list deliveryReceipts",
    ]);
    expect(await failing(() => new MemoryOtpStore(), { features: ['rememberDevice', 'recoveryCodes'] })).toEqual([
      "methods > has none of deliveryReceipts's methods (recordReceipt, trackDelivery), as features does not list deliveryReceipts",
    ]);
  });

  it('fails every rememberDevice case of a store that lists the feature without its methods', async () => {
    const failed = await failing(() => coreOnlyStore(new MemoryOtpStore()), { features: ['rememberDevice'] });
    expect(failed).toContain('methods > has every method rememberDevice needs (checkDevice, forgetDevices, rememberDevice)');
    expect(failed.filter((name) => !name.startsWith('rememberDevice > '))).toHaveLength(1);
    expect(failed.length).toBeGreaterThan(3);
  });

  it('fails a store without the recovery methods only when recoveryCodes is asked for, and then on every recoveryCodes case', async () => {
    const devicesOnly = () => storeWithFeatures(new MemoryOtpStore(), ['rememberDevice']);
    expect(await failing(devicesOnly, { features: ['rememberDevice'] })).toEqual([]);
    const failed = await failing(devicesOnly, { features: ['rememberDevice', 'recoveryCodes'] });
    const recoveryCases = contractCases(() => new MemoryOtpStore(), { features: ALL }).filter((c) => c.name.startsWith('recoveryCodes > '));
    expect(failed).toEqual(['methods > has every method recoveryCodes needs (recoveryCodeUsed, takeRecoveryAttempt)', ...recoveryCases.map((c) => c.name)]);
    expect(recoveryCases.length).toBeGreaterThan(8);
  });

  it('fails a store without the delivery methods only when deliveryReceipts is asked for, and then on every deliveryReceipts case', async () => {
    const withoutReceipts = () => storeWithFeatures(new MemoryOtpStore(), ['rememberDevice', 'recoveryCodes']);
    expect(await failing(withoutReceipts, { features: ['rememberDevice', 'recoveryCodes'] })).toEqual([]);
    const failed = await failing(withoutReceipts, { features: ALL });
    const deliveryCases = contractCases(() => new MemoryOtpStore(), { features: ALL }).filter((c) => c.name.startsWith('deliveryReceipts > '));
    expect(failed).toEqual(['methods > has every method deliveryReceipts needs (recordReceipt, trackDelivery)', ...deliveryCases.map((c) => c.name)]);
    expect(deliveryCases.length).toBeGreaterThan(10);
  });

  it('fails a store that says whether a receipt changed the delivery from a read before its write, on the parallel receipts only', async () => {
    expect(await failing(() => new ChangedByEarlierRead(), { features: ALL })).toEqual([
      'deliveryReceipts > races on one instance > records 12 parallel receipts for the 3 parts of a message: delivered, in one change',
      'deliveryReceipts > races on one instance > records 12 parallel receipts with one failed part: failed, in one change, after at most one change to delivered',
    ]);
  });

  it('fails a store whose quota is a read and then a write, on the race of parallel takes only', async () => {
    expect(await failing(() => new ReadThenWriteQuotas(), { features: ALL })).toEqual([`races on one instance > ${QUOTA_RACE}`]);
  });

  it('fails a store that keeps quotas per instance, only when given a peer over the same backend', async () => {
    expect(await failing(() => new QuotasPerInstance(), { features: ALL })).toEqual([]);
    const makePeer = (store: QuotasPerInstance) => store.peer();
    expect(await failing(() => new QuotasPerInstance(), { features: ALL, makePeer })).toEqual([`races across two instances over one backend > ${QUOTA_RACE}`]);
  });

  it('wants the test functions and known features', () => {
    const makeStore = () => new MemoryOtpStore();
    expect(() => describeOtpStore('store', makeStore, { describe, it } as never)).toThrow(
      `Option "tools" must be your test runner's describe, it and expect; got an object without expect.`,
    );
    expect(() => describeOtpStore('store', makeStore, { describe, it, expect }, { features: ['rememberDevices' as never] })).toThrow(
      'Option "features" must be a list of the features rememberDevice, recoveryCodes, deliveryReceipts; got an unknown feature.',
    );
  });
});
