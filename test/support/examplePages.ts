import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { InboxMessage } from '../../example-app/devInbox';

/** The README's screenshots. */
const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * Saves a screenshot for the README. The random code, the clock and the running countdown are set
 * to fixed values first (the countdown's element is swapped for a still copy) and the focus ring,
 * drawn a frame early or late, is dropped, so the committed files change only when the pages do.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(`(() => {
    for (const body of document.querySelectorAll('.sms-body')) body.textContent = body.textContent.replace(/\\b[0-9]{6}\\b/g, '482913');
    for (const time of document.querySelectorAll('time')) time.textContent = '09:41:00';
    document.activeElement?.blur();
    for (const counter of document.querySelectorAll('[data-countdown]')) {
      const still = counter.cloneNode(false);
      still.textContent = '30';
      counter.replaceWith(still);
    }
  })()`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true, animations: 'disabled' });
}

/**
 * Passes the password step of the example app through its form, landing on `landsOn`: the code
 * prompt, or the account page on a device the user asked to remember.
 */
export async function signInWithPassword(page: Page, appUrl: string, username: string, landsOn = '/login/sms'): Promise<void> {
  await page.goto(`${appUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'correct-horse');
  await page.click('button[type=submit]');
  await page.waitForURL(`${appUrl}${landsOn}`);
}

/** The newest text in the development inbox, read in its own tab as a newcomer would. */
export async function newestText(context: BrowserContext, appUrl: string, screenshot?: string): Promise<Pick<InboxMessage, 'to' | 'body'>> {
  const inbox = await context.newPage();
  await inbox.goto(`${appUrl}/dev/sms`);
  const newest = inbox.locator('.sms').first();
  const to = await newest.locator('.sms-to').textContent();
  const body = await newest.locator('.sms-body').textContent();
  if (screenshot) await saveScreenshot(inbox, screenshot);
  await inbox.close();
  return { to: to ?? '', body: body ?? '' };
}

/** How many texts the development inbox lists. */
export async function textsInInbox(context: BrowserContext, appUrl: string): Promise<number> {
  const inbox = await context.newPage();
  await inbox.goto(`${appUrl}/dev/sms`);
  const count = await inbox.locator('.sms').count();
  await inbox.close();
  return count;
}

/**
 * Presses one of the development inbox's "Mark …" buttons on its newest text (such as "Mark
 * undelivered"), in its own tab, and waits for the inbox to show the state the receipt set.
 */
export async function markNewestText(context: BrowserContext, appUrl: string, button: string, shows: string): Promise<void> {
  const inbox = await context.newPage();
  await inbox.goto(`${appUrl}/dev/sms`);
  const newest = inbox.locator('.sms').first();
  await Promise.all([inbox.waitForNavigation(), newest.getByRole('button', { name: button, exact: true }).click()]);
  await newest.locator('.sms-delivery', { hasText: shows }).waitFor();
  await inbox.close();
}
