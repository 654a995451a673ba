import type { OtpStoreSuiteMatchers } from './suiteTools';

/** How a group of cases registers itself: each case gets what `open` gives (a fresh store, or instances of one). */
export interface Cases<S> {
  expect(actual: unknown): OtpStoreSuiteMatchers;
  it(name: string, run: (subject: S) => Promise<void>): void;
}
