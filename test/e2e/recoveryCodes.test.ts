import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../support/browser';
import { useBrowser } from '../support/useBrowser';
import { codeIn, startExampleApp, type RunningExampleApp } from '../support/exampleApp';
import { newestText, signInWithPassword } from '../support/examplePages';

const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser('recovery codes in the example app, in a real browser', () => {
  let example: RunningExampleApp;
  // Unset until a test starts the app: stopping it after each test is a no-op then.
  const browser = useBrowser(() => (example as RunningExampleApp | undefined)?.stop());

  /** The recovery-codes line of the Security page ("No recovery codes yet", "9 recovery codes left"). */
  async function codesLeftOnSecurityPage(page: Page): Promise<string | null> {
    await page.goto(`${example.url}/account`);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(`${example.url}/account/security`);
    return page.locator('.recovery-count').textContent();
  }

  /** Creates a set on the Security page and answers the codes the page shows, checking its download and its reload. */
  async function createCodes(page: Page): Promise<string[]> {
    await page.getByRole('link', { name: 'Create new recovery codes' }).click();
    await page.waitForURL(`${example.url}/account/security/recovery-codes`);
    await page.getByRole('button', { name: 'Create new recovery codes' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const codes = await page.locator('main li code').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);

    // The download is the page's own data: URL, so the browser saves the codes without asking the server again.
    const download = page.getByRole('link', { name: 'Download as text' });
    expect(await download.getAttribute('href')).toMatch(/^data:text\/plain;charset=utf-8,/);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe('recovery-codes.txt');
    expect(readFileSync(await file.path(), 'utf8')).toBe(`Recovery codes for Example App\n\n${codes.join('\n')}\n`);
    expect(await page.getByRole('link', { name: 'Done' }).getAttribute('href')).toBe('/account/security');

    // Reloading sends the same form again: the codes are not shown again.
    await page.reload();
    await page.getByText('Those recovery codes were shown once and are not shown again.').waitFor();
    expect(await page.locator('main li code').count()).toBe(0);
    return codes;
  }

  it('lets alice create codes, sign in with one instead of a text, and then shows 9 left', async () => {
    example = await startExampleApp();
    const page = await browser.context.newPage();
    await signInWithPassword(page, example.url, 'alice');
    await page.fill('#sms-otp-code', codeIn((await newestText(browser.context, example.url)).body));
    await page.click('button[type=submit]:not([name])');
    await page.waitForURL(`${example.url}/account`);

    expect(await codesLeftOnSecurityPage(page)).toBe('No recovery codes yet');
    const codes = await createCodes(page);
    expect(await newestText(browser.context, example.url)).toEqual({
      to: '+15555550100',
      body: 'New recovery codes were created for Example App. If this was not you, contact support.',
    });
    expect(await codesLeftOnSecurityPage(page)).toBe('10 recovery codes left');

    await page.goto(`${example.url}/account`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${example.url}/login`);
    await signInWithPassword(page, example.url, 'alice');
    await page.getByRole('link', { name: "Can't use your phone? Use a recovery code" }).click();
    await page.waitForURL(`${example.url}/login/sms?recovery`);
    // Typed as someone might copy it off paper: lower case, spaces for the dashes.
    await page.getByLabel('Recovery code').fill(codes[4].toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Use this code' }).click();
    await page.waitForURL(`${example.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Alice Example');

    const notice = await newestText(browser.context, example.url);
    expect(notice.to).toBe('+15555550100');
    expect(notice.body).toContain('A recovery code was used to sign in to Example App. 9 codes are left.');
    expect(await codesLeftOnSecurityPage(page)).toBe('9 recovery codes left');
  });
});
