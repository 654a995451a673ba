import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../support/browser';
import { useBrowser } from '../support/useBrowser';
import { codeIn, startExampleApp, type RunningExampleApp } from '../support/exampleApp';
import { newestText, saveScreenshot, signInWithPassword } from '../support/examplePages';

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('adding and changing a mobile number in the example app, in a real browser', () => {
  let example: RunningExampleApp;
  // Unset until a test starts the app: stopping it after each test is a no-op then.
  const browser = useBrowser(() => (example as RunningExampleApp | undefined)?.stop());

  /** Types a number on the number form and sends it; the page that answers is the one the test reads. */
  async function submitNumber(page: Page, mobile: string): Promise<void> {
    await page.fill('#sms-otp-mobile', mobile);
    await Promise.all([page.waitForNavigation(), page.click('text=Send code')]);
  }

  /** Types the code from the newest text in the inbox, after checking where that text went. */
  async function enterCodeSentTo(page: Page, e164: string): Promise<void> {
    const text = await newestText(browser.context, example.url);
    expect(text.to).toBe(e164);
    await page.fill('#sms-otp-code', codeIn(text.body));
    await page.click('button[type=submit]:not([name])');
  }

  it('has bob add a number at sign-in: a refused number first, then his own, verified by its code', async () => {
    example = await startExampleApp();
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'bob');
    expect(await page.locator('h1').textContent()).toBe('Add your mobile number');
    expect(await page.locator('.step').textContent()).toBe('Step 2 of 3 · Mobile number');
    await saveScreenshot(page, 'enroll.png');

    await submitNumber(page, '+1 555');
    expect(await page.locator('.alert-error').textContent()).toBe('That is not a valid mobile number. Check it, and include the country code.');
    await submitNumber(page, '+1 555 555 0100');
    expect(await page.locator('.alert-error').textContent()).toBe('That number cannot be used for this account. Enter another number.');
    expect(await page.inputValue('#sms-otp-mobile')).toBe('+1 555 555 0100');
    expect(example.inbox?.messages).toHaveLength(0);

    await submitNumber(page, '+1 555 555 0142');
    expect(page.url()).toBe(`${example.url}/login/sms`);
    expect(await page.locator('.step').textContent()).toBe('Step 3 of 3 · Code');
    expect(await page.locator('.sent-to').textContent()).toContain('•••••••0142');
    await enterCodeSentTo(page, '+15555550142');

    await page.waitForURL(`${example.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Bob Example');
    expect(await page.locator('.facts').textContent()).toContain('•••••••0142');
  });

  it('changes alice’s number once the new one is verified, and tells her old number', async () => {
    // Another number is a new text to send, so it waits for the resend cooldown (30 seconds by
    // default); without one, the test goes back to the number form and on at once.
    example = await startExampleApp({ smsOtp: { resendCooldownSeconds: 0 } });
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await enterCodeSentTo(page, '+15555550100');
    await page.waitForURL(`${example.url}/account`);

    await page.getByRole('link', { name: 'Security' }).click();
    await page.click('text=Change mobile number');
    await page.waitForURL(`${example.url}/account/mobile`);
    expect(await page.locator('h1').textContent()).toBe('Change your mobile number');
    await submitNumber(page, '+1 555 555 0177');
    expect(await page.locator('.sent-to').textContent()).toContain('•••••••0177');

    // A typo noticed on the code prompt: back to the number form, and on with the right number.
    await Promise.all([page.waitForNavigation(), page.click('text=Use a different number')]);
    expect(await page.locator('h1').textContent()).toBe('Change your mobile number');
    await submitNumber(page, '+1 555 555 0188');
    expect(await page.locator('.sent-to').textContent()).toContain('•••••••0188');
    await enterCodeSentTo(page, '+15555550188');

    await page.waitForURL(`${example.url}/account`);
    expect(await page.locator('.facts').textContent()).toContain('•••••••0188');
    expect(await page.locator('.who').textContent()).toContain('alice');
    const notice = await newestText(browser.context, example.url);
    expect(notice).toEqual({ to: '+15555550100', body: 'The mobile number for Example App was changed. If this was not you, contact support.' });
  });
});
