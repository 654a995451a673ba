import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser';

/** The browser of a describe block, read once its tests run. */
export interface BrowserUnderTest {
  readonly context: BrowserContext;
}

/**
 * One Chromium for the describe block this is called in: cookies cleared before each test, its
 * pages closed and `afterEachTest` run (stop the example app) after each, the browser closed at the end.
 */
export function useBrowser(afterEachTest: () => Promise<void> | undefined): BrowserUnderTest {
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    await browser?.context.clearCookies();
  });
  afterEach(async () => {
    for (const page of browser?.context.pages() ?? []) await page.close();
    await afterEachTest();
  });
  return {
    get context(): BrowserContext {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser.context;
    },
  };
}
