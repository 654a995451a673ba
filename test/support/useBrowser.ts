import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** A browser for the describe block, and apps it serves: each listens on a free port for one test, closed after it. */
export interface BrowserServing extends BrowserUnderTest {
  /** Listens with `app` on 127.0.0.1 until the test ends; answers its origin, such as `http://127.0.0.1:41234`. */
  serve(app: RequestListener): Promise<string>;
}

/** {@link useBrowser}, with apps served for one test each ({@link BrowserServing}). */
export function useBrowserServing(): BrowserServing {
  const servers: Server[] = [];
  const closeAll = () =>
    Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
  const browser = useBrowser(closeAll);
  return {
    get context() {
      return browser.context;
    },
    async serve(app) {
      const server = createServer(app).listen(0, '127.0.0.1');
      servers.push(server);
      await new Promise((resolve) => server.once('listening', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}
