// Issues 17, 19, 20 and 21: what describeOtpStore checks of a store, shown on stores that break its rules.
import { MemoryOtpStore, type GroupRef, type GroupSendDecision, type GroupSendRequest, type OtpStore, type QuotaDecision, type QuotaRequest, type RecordReceiptRequest, type RecordReceiptResult, type StoreFeature, type TrackDeliveryRequest } from '../lib/store';
import { groupVerified, newGroupState, returnGroupSend, takeGroupSend, type GroupState } from '../lib/store/groupCounters';
import { CORE_STORE_METHODS, FEATURE_STORE_METHODS, STORE_FEATURES } from '../lib/store/storeFeatures';
import { describeOtpStore, type OtpStoreSuiteOptions } from '../lib/store/testing';
import { coreOnlyStore, storeWithout } from './support/coreOnlyStore';

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
const ALL: StoreFeature[] = ['rememberDevice', 'recoveryCodes', 'deliveryReceipts', 'tollFraud'];

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

/** Shares every method through one backend but `kept`, which each instance answers from its own memory: right alone, wrong with two instances. */
class CountsPerInstance extends MemoryOtpStore {
  readonly #shared: MemoryOtpStore;
  readonly #kept: readonly (keyof MemoryOtpStore)[];

  constructor(kept: readonly (keyof MemoryOtpStore)[], shared = new MemoryOtpStore()) {
    super();
    this.#shared = shared;
    this.#kept = kept;
    for (const method of [...CORE_STORE_METHODS, ...STORE_FEATURES.flatMap((feature) => FEATURE_STORE_METHODS[feature])]) {
      if (!kept.includes(method)) Object.assign(this, { [method]: (shared[method] as (request: never) => Promise<unknown>).bind(shared) });
    }
  }

  peer(): CountsPerInstance {
    return new CountsPerInstance(this.#kept, this.#shared);
  }
}

/** Decides a group's send on a copy of its counters and writes the copy back a step later (the last write wins), as a store that reads and then writes might. */
class ReadThenWriteGroups extends MemoryOtpStore {
  readonly #groups = new Map<string, GroupState>();

  override async takeGroupSend(request: GroupSendRequest): Promise<GroupSendDecision> {
    const copy = structuredClone(this.#groups.get(request.group) ?? newGroupState());
    const decision = takeGroupSend(copy, request);
    await new Promise((resolve) => setImmediate(resolve));
    this.#groups.set(request.group, copy);
    return decision;
  }

  override async returnGroupSend(request: GroupRef): Promise<void> {
    const state = this.#groups.get(request.group);
    if (state) returnGroupSend(state, request);
  }

  override async groupVerified(request: GroupRef): Promise<void> {
    const state = this.#groups.get(request.group) ?? newGroupState();
    groupVerified(state, request);
    this.#groups.set(request.group, state);
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
        expect.stringMatching(/^tollFraud > /),
        expect.stringMatching(/^tollFraud > races on one instance > /),
        expect.stringMatching(/^races on one instance > compares exactly maxConsecutiveFailures /),
      ]),
    );
    expect(await failing(() => new MemoryOtpStore(), { features: ALL })).toEqual([]);
  });

  it("passes a store of the core methods only, without running the features' cases", async () => {
    const names = contractCases(() => coreOnlyStore(new MemoryOtpStore())).map((c) => c.name);
    expect(names.filter((name) => ALL.some((feature) => name.startsWith(feature)))).toEqual([]);
    expect(names.filter((name) => name.startsWith('consecutive failures, holds and unlock > ')).length).toBeGreaterThan(5);
    expect(await failing(() => coreOnlyStore(new MemoryOtpStore()))).toEqual([]);
  });

  it("fails a store that has the features' methods without listing the features, so they are never left untested", async () => {
    expect(await failing(() => new MemoryOtpStore())).toEqual([
      "methods > has none of rememberDevice's methods (checkDevice, forgetDevices, rememberDevice), as features does not list rememberDevice",
      "methods > has none of recoveryCodes's methods (recoveryCodeUsed, takeRecoveryAttempt), as features does not list recoveryCodes",
      "methods > has none of deliveryReceipts's methods (recordReceipt, trackDelivery), as features does not list deliveryReceipts",
      "methods > has none of tollFraud's methods (groupVerified, returnGroupSend, takeGroupSend), as features does not list tollFraud",
    ]);
    expect(await failing(() => new MemoryOtpStore(), { features: ['rememberDevice', 'recoveryCodes', 'tollFraud'] })).toEqual([
      "methods > has none of deliveryReceipts's methods (recordReceipt, trackDelivery), as features does not list deliveryReceipts",
    ]);
  });

  it('fails every rememberDevice case of a store that lists the feature without its methods', async () => {
    const failed = await failing(() => coreOnlyStore(new MemoryOtpStore()), { features: ['rememberDevice'] });
    expect(failed).toContain('methods > has every method rememberDevice needs (checkDevice, forgetDevices, rememberDevice)');
    expect(failed.filter((name) => !name.startsWith('rememberDevice > '))).toHaveLength(1);
    expect(failed.length).toBeGreaterThan(3);
  });

  it.each([
    { feature: 'recoveryCodes', methods: 'recoveryCodeUsed, takeRecoveryAttempt', atLeast: 8 },
    { feature: 'deliveryReceipts', methods: 'recordReceipt, trackDelivery', atLeast: 10 },
    { feature: 'tollFraud', methods: 'groupVerified, returnGroupSend, takeGroupSend', atLeast: 10 },
  ] as const)('fails a store without the $feature methods only when $feature is asked for, and then on every $feature case', async ({ feature, methods, atLeast }) => {
    const without = () => storeWithout(new MemoryOtpStore(), [feature]);
    expect(await failing(without, { features: ALL.filter((other) => other !== feature) })).toEqual([]);
    const failed = await failing(without, { features: ALL });
    const featureCases = contractCases(() => new MemoryOtpStore(), { features: ALL }).filter((c) => c.name.startsWith(`${feature} > `));
    expect(failed).toEqual([`methods > has every method ${feature} needs (${methods})`, ...featureCases.map((c) => c.name)]);
    expect(featureCases.length).toBeGreaterThan(atLeast);
  });

  it('fails a store whose group send is a read and then a write, on the parallel sends to a group only', async () => {
    expect(await failing(() => new ReadThenWriteGroups(), { features: ALL })).toEqual([
      'tollFraud > races on one instance > grants exactly maxSends of 20 parallel sends to a group, and reports the velocity episode once',
      'tollFraud > races on one instance > grants minSends of 10 parallel sends to a group nobody verifies, and starts one pause',
    ]);
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
    const quotasPerInstance = () => new CountsPerInstance(['takeQuota', 'returnQuota']);
    expect(await failing(quotasPerInstance, { features: ALL })).toEqual([]);
    const makePeer = (store: CountsPerInstance) => store.peer();
    expect(await failing(quotasPerInstance, { features: ALL, makePeer })).toEqual([`races across two instances over one backend > ${QUOTA_RACE}`]);
  });

  it("fails a store that keeps groups' counters per instance, only when given a peer over the same backend, on every race of groups", async () => {
    const groupsPerInstance = () => new CountsPerInstance(['takeGroupSend', 'returnGroupSend', 'groupVerified']);
    expect(await failing(groupsPerInstance, { features: ALL })).toEqual([]);
    const failed = await failing(groupsPerInstance, { features: ALL, makePeer: (store) => store.peer() });
    const races = contractCases(() => new MemoryOtpStore(), { features: ALL }).filter((c) => c.name.startsWith('tollFraud > races on one instance > '));
    expect(failed).toEqual(races.map((c) => c.name.replace('races on one instance', 'races across two instances over one backend')));
    expect(races).toHaveLength(3);
  });

  it('wants the test functions and known features', () => {
    const makeStore = () => new MemoryOtpStore();
    expect(() => describeOtpStore('store', makeStore, { describe, it } as never)).toThrow(
      `Option "tools" must be your test runner's describe, it and expect; got an object without expect.`,
    );
    expect(() => describeOtpStore('store', makeStore, { describe, it, expect }, { features: ['rememberDevices' as never] })).toThrow(
      'Option "features" must be a list of the features rememberDevice, recoveryCodes, deliveryReceipts, tollFraud; got an unknown feature.',
    );
  });
});
