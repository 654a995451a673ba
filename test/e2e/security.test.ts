import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../support/browser';
import { useBrowser } from '../support/useBrowser';
import { codeIn, manualClock, startExampleApp, type RunningExampleApp } from '../support/exampleApp';
import { newestText, saveScreenshot, signInWithPassword, textsInInbox } from '../support/examplePages';

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('remembering a device and the security page of the example app, in a real browser', () => {
  let example: RunningExampleApp;
  // Unset until a test starts the app: stopping it after each test is a no-op then.
  const browser = useBrowser(() => (example as RunningExampleApp | undefined)?.stop());

  /** Types the code from the newest text, ticking "don't ask for a code on this device" if `remember`. */
  async function enterCode(page: Page, options: { remember?: boolean } = {}): Promise<void> {
    await page.fill('#sms-otp-code', codeIn((await newestText(browser.context, example.url)).body));
    if (options.remember) await page.getByLabel("Don't ask for a code on this device for 30 days").check();
    await page.click('button[type=submit]:not([name])');
  }

  /** Starts the example and signs alice in with her code, ticking "remember this device"; on her account page. */
  async function signInRemembering(): Promise<Page> {
    example = await startExampleApp();
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await enterCode(page, { remember: true });
    await page.waitForURL(`${example.url}/account`);
    return page;
  }

  /** Starts the example on a clock the test moves, and signs alice in with her code; on her account page. */
  async function signInWithClock(): Promise<{ page: Page; clock: ReturnType<typeof manualClock> }> {
    const clock = manualClock();
    example = await startExampleApp({ smsOtp: { clock: clock.now } });
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await enterCode(page);
    await page.waitForURL(`${example.url}/account`);
    return { page, clock };
  }

  async function signOut(page: Page): Promise<void> {
    await page.goto(`${example.url}/account`);
    await page.click('text=Sign out');
    await page.waitForURL(`${example.url}/login`);
  }

  it('signs alice in on a device she asked to remember with her password alone, texting nothing', async () => {
    const page = await signInRemembering();
    const cookie = (await browser.context.cookies()).find((candidate) => candidate.name === 'sms_otp_device');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });

    await signOut(page);
    await signInWithPassword(page, example.url, 'alice', '/account');
    expect(await page.locator('h1').textContent()).toBe('Welcome, Alice Example');
    expect(await textsInInbox(browser.context, example.url)).toBe(1);
  });

  it('asks for a code again at the next sign-in once alice forgets her remembered devices on the security page', async () => {
    const page = await signInRemembering();
    await signOut(page);
    await signInWithPassword(page, example.url, 'alice', '/account');

    // A sign-in without a code is not a recent code: the security page asks for one first.
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.step').textContent()).toBe("Confirm it's you");
    await enterCode(page);
    await page.waitForURL(`${example.url}/account/security`);

    await page.click('text=Forget remembered devices');
    await page.waitForURL(`${example.url}/account/security`);
    expect(await page.locator('.alert-success').textContent()).toBe('Every remembered device is forgotten: the next sign-in on any of them asks for a code.');
    await signOut(page);
    await signInWithPassword(page, example.url, 'alice');
    expect(await page.locator('.step').textContent()).toBe('Step 2 of 2 · Code');
    expect(await textsInInbox(browser.context, example.url)).toBe(3);
  });

  it('asks for a fresh code on the security page once the last one is older than five minutes, then returns to it', async () => {
    const { page, clock } = await signInWithClock();
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(`${example.url}/account/security`);
    await saveScreenshot(page, 'security.png');

    clock.advanceSeconds(300);
    await page.goto(`${example.url}/account`);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.step').textContent()).toBe("Confirm it's you");
    expect(await page.locator('.start-over').textContent()).toBe('Back to your account');
    expect((await newestText(browser.context, example.url)).to).toBe('+15555550100');
    await enterCode(page);
    await page.waitForURL(`${example.url}/account/security`);
    expect(await page.locator('h1').textContent()).toBe('Security');
  });

  it('shows no number form on the step-up of the security page: its code goes to the number on file only', async () => {
    const { page, clock } = await signInWithClock();

    clock.advanceSeconds(300);
    await page.goto(`${example.url}/account/security`);
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.step').textContent()).toBe("Confirm it's you");
    expect(await page.locator('input[name=mobile]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use a different number' }).count()).toBe(0);
    expect((await newestText(browser.context, example.url)).to).toBe('+15555550100');
  });

  it('asks for a code to the current number before changing it once the last code is older than five minutes', async () => {
    const { page, clock } = await signInWithClock();

    clock.advanceSeconds(300);
    const texts = await textsInInbox(browser.context, example.url);
    await page.goto(`${example.url}/account/mobile`);
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.step').textContent()).toBe("Confirm it's you");
    expect(await textsInInbox(browser.context, example.url)).toBe(texts + 1);
    expect((await newestText(browser.context, example.url)).to).toBe('+15555550100');
    await enterCode(page);
    await page.waitForURL(`${example.url}/account/mobile`);
    expect(await page.locator('h1').textContent()).toBe('Change your mobile number');
    expect(await page.locator('input[name=mobile]').count()).toBe(1);
  });
});
