/// <reference lib="dom" />
/**
 * Debian's chromium, driven by playwright-core, for the web app's tests:
 * launching it, waiting until the app has drawn a page, and screenshots
 * into test-artifacts/web/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './helpers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'web');
export const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium`);
/** Why a browser test is skipped, or false. */
export const noBrowser: string | false = haveBrowser ? false : `SKIPPED: no ${CHROMIUM} (apt-get install chromium)`;

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** Goes to `hash` and waits until the app has drawn the page for it. */
export async function rendered(page: Page, hash: string): Promise<void> {
  const before = await page.evaluate(() => document.body.dataset.rendered ?? '');
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitForFunction((b) => (document.body.dataset.rendered ?? '') !== b, before);
}

/** Waits until the app draws the page again (a live update), after `act`. */
export async function redrawn(page: Page, act: () => unknown): Promise<void> {
  const before = await page.evaluate(() => document.body.dataset.rendered ?? '');
  await act();
  await page.waitForFunction((b) => (document.body.dataset.rendered ?? '') !== b, before, { timeout: 20_000 });
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Opens the app in a new page of a browser (or of a context of one), its script errors collected in `errors`. */
export async function openApp(where: Browser | BrowserContext, url: string, errors: string[], viewport = { width: 1100, height: 900 }): Promise<Page> {
  const page = await where.newPage({ viewport });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.rendered);
  return page;
}
