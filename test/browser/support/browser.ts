/**
 * Debian's chromium driven by playwright-core. Every page records console errors and uncaught
 * exceptions (a missing translation key logs "i18n: missing key"), which the tests assert empty.
 * Screenshots go to test-results/ for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RESULTS = join(root, 'test-results');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or null. Without chromium they are skipped on a developer's
 * machine (`apt-get install -y chromium`), but fail in CI (CI=true), which installs it.
 */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `${CHROMIUM} not found: apt-get install -y chromium`;
  if (process.env.CI) throw new Error(why);
  return why;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Console errors and page exceptions seen so far. */
  problems: string[];
}

export async function openPage(browser: Browser, opts: { baseURL: string; mobile?: boolean; locale?: string }): Promise<Watched> {
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.mobile
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1440, height: 900 } }),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

/** A page signed in to the staff app as `username`, on the desk (the screen staff land on). */
export async function openStaffDesk(browser: Browser, baseURL: string, username: string, password: string): Promise<Watched> {
  const w = await openPage(browser, { baseURL });
  await w.page.goto('/staff/');
  await w.page.getByTestId('staff-username').fill(username);
  await w.page.getByTestId('staff-password').fill(password);
  await w.page.getByTestId('staff-login').click();
  await w.page.getByTestId('desk-scan').waitFor();
  return w;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

/** Runs a test's steps; on failure saves FAILED-<name>.png of each page and adds the console problems to the error. */
export async function withEvidence(name: string, pages: Watched[], fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    for (const [i, w] of pages.entries()) await screenshot(w.page, `FAILED-${name}-${i}`).catch(() => undefined);
    const problems = pages.flatMap((w) => w.problems);
    if (problems.length && err instanceof Error) err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  }
}

/**
 * Presses the OK of the open confirm dialog (Modal.confirm) and waits until it has closed. A click
 * that lands while the dialog still zooms in can be lost (seen in CI), so it is repeated, a few
 * times at most, until the dialog goes.
 */
export async function confirmModal(page: Page): Promise<void> {
  const dialog = page.locator('.ant-modal-confirm');
  for (let attempt = 0; attempt < 4; attempt++) {
    const ok = dialog.locator('.ant-btn-primary');
    if (!(await ok.isVisible())) break;
    await ok.click({ timeout: 5_000 }).catch(() => undefined);
    if (await dialog.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) return;
  }
  await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
}

/**
 * Clicks `button` until `shown` appears (a few tries). For a submit in a dialog that has just
 * opened: a click that lands while the dialog still zooms in can be lost on a busy machine (seen
 * in CI), and an empty form's answer (its validation message) is what the test waits for.
 */
export async function clickUntilShown(button: Locator, shown: Locator): Promise<void> {
  for (let attempt = 0; attempt < 4 && !(await shown.isVisible()); attempt++) {
    await button.click();
    await shown.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await shown.waitFor();
}
