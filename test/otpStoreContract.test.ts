// Issues 17 and 19: what describeOtpStore checks of a store, shown on stores that break its rules.
import { MemoryOtpStore, type OtpStore, type QuotaDecision, type QuotaRequest, type StoreFeature } from '../lib/store';
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
/** Both features of the shipped stores. */
const BOTH: StoreFeature[] = ['rememberDevice', 'recoveryCodes'];

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
    for (const method of ['reserveSend', 'releaseSend', 'verify', 'inspect', 'end', 'unlock', 'rememberDevice', 'checkDevice', 'forgetDevices', 'takeRecoveryAttempt', 'recoveryCodeUsed'] as const) Object.assign(this, { [method]: shared[method].bind(shared) });
  }

  peer(): QuotasPerInstance {
    return new QuotasPerInstance(this.#shared);
  }
}

describe('describeOtpStore', () => {
  it('passes MemoryOtpStore with both its features, in a few dozen cases that cover every method', async () => {
    const cases = contractCases(() => new MemoryOtpStore(), { features: BOTH });
    expect(cases.length).toBeGreaterThan(45);
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^consecutive failures, holds and unlock > /),
        expect.stringMatching(/^rememberDevice > /),
        expect.stringMatching(/^recoveryCodes > /),
        expect.stringMatching(/^recoveryCodes > races on one instance > /),
        expect.stringMatching(/^races on one instance > compares exactly maxConsecutiveFailures /),
      ]),
    );
    expect(await failing(() => new MemoryOtpStore(), { features: BOTH })).toEqual([]);
  });

  it("passes a store of the core methods only, without running the features' cases", async () => {
    const names = contractCases(() => coreOnlyStore(new MemoryOtpStore())).map((c) => c.name);
    expect(names.filter((name) => name.startsWith('rememberDevice') || name.startsWith('recoveryCodes'))).toEqual([]);
    expect(names.filter((name) => name.startsWith('consecutive failures, holds and unlock > ')).length).toBeGreaterThan(5);
    expect(await failing(() => coreOnlyStore(new MemoryOtpStore()))).toEqual([]);
  });

  it("fails a store that has the features' methods without listing the features, so they are never left untested", async () => {
    expect(await failing(() => new MemoryOtpStore())).toEqual([
      "methods > has none of rememberDevice's methods (checkDevice, forgetDevices, rememberDevice), as features does not list rememberDevice",
      "methods > has none of recoveryCodes's methods (recoveryCodeUsed, takeRecoveryAttempt), as features does not list recoveryCodes",
    ]);
    expect(await failing(() => new MemoryOtpStore(), { features: ['rememberDevice'] })).toEqual([
      "methods > has none of recoveryCodes's methods (recoveryCodeUsed, takeRecoveryAttempt), as features does not list recoveryCodes",
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
    const failed = await failing(devicesOnly, { features: BOTH });
    const recoveryCases = contractCases(() => new MemoryOtpStore(), { features: BOTH }).filter((c) => c.name.startsWith('recoveryCodes > '));
    expect(failed).toEqual(['methods > has every method recoveryCodes needs (recoveryCodeUsed, takeRecoveryAttempt)', ...recoveryCases.map((c) => c.name)]);
    expect(recoveryCases.length).toBeGreaterThan(8);
  });

  it('fails a store whose quota is a read and then a write, on the race of parallel takes only', async () => {
    expect(await failing(() => new ReadThenWriteQuotas(), { features: BOTH })).toEqual([`races on one instance > ${QUOTA_RACE}`]);
  });

  it('fails a store that keeps quotas per instance, only when given a peer over the same backend', async () => {
    expect(await failing(() => new QuotasPerInstance(), { features: BOTH })).toEqual([]);
    const makePeer = (store: QuotasPerInstance) => store.peer();
    expect(await failing(() => new QuotasPerInstance(), { features: BOTH, makePeer })).toEqual([`races across two instances over one backend > ${QUOTA_RACE}`]);
  });

  it('wants the test functions and known features', () => {
    const makeStore = () => new MemoryOtpStore();
    expect(() => describeOtpStore('store', makeStore, { describe, it } as never)).toThrow(
      `Option "tools" must be your test runner's describe, it and expect; got an object without expect.`,
    );
    expect(() => describeOtpStore('store', makeStore, { describe, it, expect }, { features: ['rememberDevices' as never] })).toThrow(
      'Option "features" must be a list of the features rememberDevice, recoveryCodes; got an unknown feature.',
    );
  });
});
