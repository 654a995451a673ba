import { chromiumAvailable } from '../support/browser';
import { useBrowser } from '../support/useBrowser';
import { codeIn, startExampleApp, wrongCodeFor, type RunningExampleApp } from '../support/exampleApp';
import { newestText, saveScreenshot, signInWithPassword } from '../support/examplePages';

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('the example app in a real browser', () => {
  let example: RunningExampleApp;
  // Unset until a test starts the app: stopping it after each test is a no-op then.
  const browser = useBrowser(() => (example as RunningExampleApp | undefined)?.stop());

  /** One app per scenario, on the example's defaults unless a test shortens the resend cooldown. */
  async function start(resendCooldownSeconds?: number): Promise<void> {
    example = await startExampleApp(resendCooldownSeconds === undefined ? {} : { smsOtp: { resendCooldownSeconds } });
  }

  /** The code in the newest text of the development inbox. */
  async function newestCodeFromInbox(screenshot?: string): Promise<string> {
    return codeIn((await newestText(browser.context, example.url, screenshot)).body);
  }

  it('signs alice in with the texted code after a wrong one, then signs her out', async () => {
    await start();
    const page = await browser.context.newPage();
    await page.goto(`${example.url}/login`);
    await saveScreenshot(page, 'sign-in.png');

    await signInWithPassword(page, example.url, 'alice');
    await page.locator('text=•••••••0100').waitFor();
    await saveScreenshot(page, 'code-prompt.png');
    const code = await newestCodeFromInbox('inbox.png');

    await page.fill('#sms-otp-code', wrongCodeFor(code));
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.alert-error').textContent()).toBe('That code is not correct. 4 attempts left.');

    await page.fill('#sms-otp-code', code);
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Alice Example');
    expect(await page.locator('.who').textContent()).toContain('alice');
    await saveScreenshot(page, 'account.png');

    await page.click('text=Sign out');
    await page.waitForURL(`${example.url}/login`);
    await page.goto(`${example.url}/account`);
    expect(page.url()).toBe(`${example.url}/login`);
  });

  it('refuses the old code after a resend and accepts the new one', async () => {
    await start(1);
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    const firstCode = await newestCodeFromInbox();

    // The countdown script keeps the button disabled until the 1-second cooldown has passed.
    await page.locator('[data-resend-button]:enabled').waitFor();
    await page.click('[data-resend-button]');
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.alert-success').textContent()).toContain('The previous code no longer works.');
    expect(example.inbox?.messages).toHaveLength(2);
    const secondCode = await newestCodeFromInbox();

    await page.fill('#sms-otp-code', firstCode);
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/login/sms`);
    expect(await page.locator('.alert-error').textContent()).toMatch(/not correct|no longer works/);

    await page.fill('#sms-otp-code', secondCode);
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/account`);
  });

  it('offers the code field to the browser as a one-time code, and fits a phone screen', async () => {
    await start();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInWithPassword(page, example.url, 'alice');
    const field = page.locator('#sms-otp-code');
    expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await field.getAttribute('inputmode')).toBe('numeric');
    expect(await field.getAttribute('maxlength')).toBe('6');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await saveScreenshot(page, 'code-prompt-phone.png');
  });
});
