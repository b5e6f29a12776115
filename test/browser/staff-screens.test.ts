/**
 * The staff workstation's other screens, each opened in a real browser: catalog search with the
 * MARC view, readers, work lists, libraries and calendars, loan rules, staff accounts, statistics,
 * in Chinese and in English. Each must render (with its loading, empty or error state) without a
 * console error or a missing translation; screenshots are saved for a person to look at.
 */
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserMissing, launch, openStaffDesk, screenshot, type Watched, withEvidence } from './support/browser.js';
import { ADMIN_PASSWORD, startWebServer, type WebServer } from './support/web-server.js';

const skip = browserMissing();
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { skip: skip ?? false }, fn);

let server: WebServer;
let browser: Browser;
let w: Watched;

before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launch();
  w = await openStaffDesk(browser, server.url, 'admin', ADMIN_PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the page has no loading skeleton left. */
async function settled(): Promise<void> {
  await w.page.waitForLoadState('networkidle');
  await w.page.locator('[data-state="loading"]').first().waitFor({ state: 'detached' }).catch(() => undefined);
}

test('catalog search, a record with its items and the MARC view (labels in both languages)', () => withEvidence('catalog', [w], async () => {
  const { page } = w;
  await page.goto('/staff/catalog');
  await page.getByTestId('catalog-search').fill('shen congwen');
  await page.keyboard.press('Enter');
  await page.getByTestId('catalog-results').locator('tbody tr.ant-table-row').first().waitFor();
  await screenshot(page, 'staff-20-catalog-search');
  await page.getByTestId('catalog-results').locator('tbody tr.ant-table-row a').first().click();
  await page.getByTestId('record-items').waitFor();
  await page.getByRole('tab', { name: 'MARC' }).click();
  await page.getByTestId('marc-view').waitFor();
  assert.match(await page.getByTestId('marc-view').innerText(), /题名与责任说明/);
  await screenshot(page, 'staff-21-record-marc');
  await page.getByTestId('language-switch').click();
  await page.getByTestId('marc-view').getByText(/Title (and )?statement/i).first().waitFor();
  await screenshot(page, 'staff-22-record-marc-english');
  await page.getByTestId('language-switch').click();
  assert.deepEqual(w.problems, []);
}));

test('a demo reader: standing, cards, deposit and fees, loans and holds', () => withEvidence('reader', [w], async () => {
  const { page } = w;
  await page.goto('/staff/readers');
  await page.getByTestId('reader-scan').focus();
  await page.keyboard.type('R0000001');
  await page.keyboard.press('Enter');
  await page.getByTestId('reader-name').waitFor();
  await settled();
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /\d{17}[\dX]/, 'no clear ID number');
  await screenshot(page, 'staff-23-reader');
  assert.deepEqual(w.problems, []);
}));

test('work lists, libraries and calendars, loan rules, staff accounts, statistics', () => withEvidence('back-office', [w], async () => {
  const { page } = w;
  const screens: [string, string, RegExp][] = [
    ['/staff/work-lists', 'staff-24-work-lists', /预约架/],
    ['/staff/admin/libraries', 'staff-25-libraries', /福田分馆/],
    ['/staff/admin/loan-rules', 'staff-27-loan-rules', /借阅政策/],
    ['/staff/admin/staff', 'staff-28-staff-users', /admin/],
    ['/staff/stats', 'staff-29-stats', /统计/],
  ];
  for (const [path, shot, expect] of screens) {
    await page.goto(path);
    await settled();
    // the page's chunk and data may still be arriving after network idle on a busy machine
    const content = page.locator('main, .ant-layout-content').first();
    await content.filter({ hasText: expect }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    assert.match(await content.innerText(), expect, path);
    await screenshot(page, shot);
  }
  await page.goto('/staff/admin/libraries');
  await page.getByRole('link', { name: '福田分馆' }).click();
  await page.getByText('开放时间').waitFor();
  await settled();
  await screenshot(page, 'staff-26-library-calendar');
  assert.deepEqual(w.problems, []);
}));
