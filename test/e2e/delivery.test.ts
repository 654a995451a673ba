import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../support/browser';
import { useBrowser } from '../support/useBrowser';
import { startExampleApp, type RunningExampleApp } from '../support/exampleApp';
import { codeSpokenIn } from '../support/exampleInbox';
import { markNewestText, newestText, signInWithPassword } from '../support/examplePages';

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('an undelivered text and a call instead in the example app, in a real browser', () => {
  let example: RunningExampleApp;
  // Unset until a test starts the app: stopping it after each test is a no-op then.
  const browser = useBrowser(() => (example as RunningExampleApp | undefined)?.stop());

  /** Waits until the prompt's script follows the text's delivery: the page the first send draws has it already. */
  async function followDelivery(page: Page): Promise<void> {
    await page.locator('script[src="/static/delivery-status.js"]').waitFor({ state: 'attached' });
  }

  it('tells alice her text did not arrive, lets her ask for a call at once, and signs her in with the code it spoke', async () => {
    example = await startExampleApp();
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await followDelivery(page);
    // The 30-second cooldown holds the call as it holds a new text.
    expect(await page.getByRole('button', { name: 'Call me instead' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send a new code' }).isDisabled()).toBe(true);

    await markNewestText(browser.context, example.url, 'Mark undelivered', 'Not delivered');
    // The prompt's script sees the failed delivery and reloads the page, which says so.
    const failed = page.locator('.alert-warning');
    await failed.waitFor({ timeout: 10_000 });
    expect(await failed.textContent()).toBe('We could not deliver the text to •••••••0100.');
    expect(await page.locator('#sms-otp-delivery').textContent()).toBe('Not delivered');
    expect(await page.getByRole('button', { name: 'Send a new code' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Call me instead' }).isEnabled()).toBe(true);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Call me instead' }).click()]);
    expect(await page.locator('.alert-success').textContent()).toBe('We are calling •••••••0100 with a new code. The previous code no longer works.');
    const call = await newestText(browser.context, example.url);
    expect(call.body).toMatch(/^Voice call: \d \d \d \d \d \d$/);

    await page.fill('#sms-otp-code', codeSpokenIn(call.body));
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Alice Example');
  });

  it('offers only the call when the number cannot receive texts', async () => {
    example = await startExampleApp();
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await followDelivery(page);
    await markNewestText(browser.context, example.url, 'Mark undelivered: cannot receive texts', 'Not delivered: the number cannot receive texts');
    const notice = page.locator('.alert-warning');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toBe('The number •••••••0100 cannot receive text messages.');
    expect(await page.getByRole('button', { name: 'Call me instead' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send a new code' }).count()).toBe(0);
  });
});
