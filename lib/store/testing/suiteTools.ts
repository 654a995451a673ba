import type { OtpStore } from '../OtpStore';
import type { StoreFeature } from '../storeFeatures';

/**
 * The matchers the suite uses: those of jest's `expect`, which the standalone `expect` package
 * gives `node:test`, and which vitest's `expect` has too.
 */
export interface OtpStoreSuiteMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toHaveLength(length: number): void;
}

/** Your test runner's functions: jest's globals, `node:test`'s `describe` and `it` with the `expect` package, or vitest's. */
export interface OtpStoreSuiteTools {
  /** Groups cases; called synchronously, as jest requires. */
  describe(name: string, body: () => void): unknown;
  /** One case; its body returns a promise that rejects when the case fails. */
  it(name: string, body: () => Promise<void>): unknown;
  expect(actual: unknown): OtpStoreSuiteMatchers;
}

/** What else the suite may check. */
export interface OtpStoreSuiteOptions<S extends OtpStore = OtpStore> {
  /**
   * The features whose cases run as well, by the option that turns them on (`'rememberDevice'`):
   * list every feature your store has the methods of. A store that has all of a feature's methods
   * without listing it fails (its methods would be used untested), as does one that lists a
   * feature and lacks some of its methods.
   * @defaultValue `[]` (the core methods only)
   */
  readonly features?: readonly StoreFeature[];
  /**
   * Another instance of your store over the same state as `store`, as a second app instance
   * would have it (its own connection or client, the same table or key prefix). With it, the race
   * cases run again with their calls split between the two instances. Leave it out for a store
   * that lives in one process's memory.
   */
  readonly makePeer?: (store: S) => OtpStore | Promise<OtpStore>;
}
