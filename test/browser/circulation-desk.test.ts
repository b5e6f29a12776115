/**
 * The circulation story in a real browser, scanner first (typing + Enter, as a scanner does):
 * a librarian registers a reader and takes the deposit, lends two books, is refused the third by a
 * loan rule, checks one in at another branch (transit), the reader places a hold in the public
 * catalog, the returned copy is captured for it at check-in, the reader sees it ready and picks it up.
 */
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launch, openPage, screenshot, withEvidence, type Watched } from './support/browser.js';
import { adminApi, ADMIN_PASSWORD, startWebServer, type WebServer } from './support/web-server.js';

const skip = browserMissing();
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { skip: skip ?? false }, fn);

let server: WebServer;
let browser: Browser;
let staff: Watched;
let reader: Watched;

const CARD = 'B2026001';
const PIN = '2468';

/** A valid resident ID number (GB 11643 check character). */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

interface Fixture {
  central: string;
  futian: string;
  lend: string[];
  heldCopy: string;
  heldRecord: string;
  heldTitle: string;
}
let fx: Fixture;

async function q<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await server.ctx.db.query(sql, params)).rows as T[];
}

before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launch();
  const api = await adminApi(server);
  const libs = await q<{ id: string; code: string }>('SELECT id, code FROM consortium_library');
  const central = libs.find((l) => l.code === 'CENTRAL')!.id;
  const futian = libs.find((l) => l.code === 'FUTIAN')!.id;
  // Adult books on the shelf at the central library, each the only copy of its record.
  const single = await q<{ barcode: string; record_id: string }>(
    `SELECT i.barcode, i.record_id FROM inventory_item i JOIN consortium_location l ON l.id = i.location_id
       JOIN catalog_record r ON r.id = i.record_id
      WHERE i.library_id = $1 AND i.status = 'available' AND l.code = 'ADULT'
        AND (SELECT count(*) FROM inventory_item j WHERE j.record_id = i.record_id) = 1
      ORDER BY (r.display->>'language' = 'chi') DESC, i.barcode DESC LIMIT 4`,
    [central],
  );
  if (single.length < 4) {
    const counts = await q(`SELECT i.status, l.code, count(*)::int AS n FROM inventory_item i LEFT JOIN consortium_location l ON l.id = i.location_id WHERE i.library_id = $1 GROUP BY 1, 2`, [central]);
    assert.fail(`the demo should have single copies on the shelf at the central library: ${JSON.stringify(counts)}`);
  }
  const heldTitle = (await q<{ title: string }>(`SELECT display->>'title' AS title FROM catalog_record WHERE id = $1`, [single[3].record_id]))[0].title;
  fx = { central, futian, lend: single.slice(0, 3).map((s) => s.barcode), heldCopy: single[3].barcode, heldRecord: single[3].record_id, heldTitle };
  // The rule the third loan runs into: adult readers may have two books at a time.
  const policy = await api<{ id: string }>('POST', '/api/circulation/policies', { code: 'two-books', name: '每人两册 Two books', loanDays: 30, maxLoansTotal: 2, audience: 'any' });
  await api('POST', '/api/circulation/rules', { groupCode: 'adult', policyId: policy.id });
  staff = await openPage(browser, { baseURL: server.url });
  reader = await openPage(browser, { baseURL: server.url, mobile: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function scan(page: Page, testId: string, value: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.waitFor();
  await field.focus();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

async function chooseServicePoint(page: Page, libraryName: string): Promise<void> {
  await page.getByTestId('service-point').click();
  await page.locator('.ant-select-item-option', { hasText: libraryName }).first().click();
  await page.getByTestId('service-point').filter({ hasText: libraryName }).waitFor();
}

test('staff sign in; a wrong password is refused in plain words', () => withEvidence('staff-sign-in-a-wrong-password-is-refuse', [staff, reader], async () => {
  const { page } = staff;
  await page.goto('/staff');
  await page.getByTestId('staff-username').fill('admin');
  await page.getByTestId('staff-password').fill('wrong-password');
  await page.getByTestId('staff-login').click();
  await page.locator('[data-state="error"]').waitFor();
  await screenshot(page, 'staff-01-login-refused');
  await page.getByTestId('staff-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('staff-login').click();
  await page.getByTestId('desk-scan').waitFor();
  await page.getByTestId('service-point').filter({ hasText: '天一中心图书馆' }).waitFor();
  await screenshot(page, 'staff-02-desk-empty');
}));

test('register a reader (ID checked before sending, shown masked) and take the deposit', () => withEvidence('register-a-reader-id-checked-before-send', [staff, reader], async () => {
  const { page } = staff;
  await page.keyboard.press('F6');
  await page.getByTestId('register-reader').click();
  await page.getByTestId('reg-name').fill('张晓明');
  await page.getByTestId('reg-id').fill('330203199001011230');
  await page.getByTestId('reg-submit').click();
  await page.getByText('身份证号码不正确').waitFor();
  const id = residentId('33020319900101123');
  await page.getByTestId('reg-id').fill(id);
  await page.getByTestId('reg-phone').fill('13900001234');
  await page.getByTestId('reg-card').fill(CARD);
  await page.getByTestId('reg-pin').fill(PIN);
  await page.getByTestId('reg-id-masked').waitFor();
  assert.match(await page.getByTestId('reg-id-masked').innerText(), /3302\*{10}/);
  await screenshot(page, 'staff-03-register');
  await page.getByTestId('reg-submit').click();
  await page.getByTestId('registered').waitFor();
  const body = await page.locator('body').innerText();
  assert.ok(!body.includes(id), 'the clear ID number is not shown after registration');
  assert.match(body, /押金/);
  await page.getByTestId('reader-blocks').waitFor(); // deposit not paid yet: may not borrow, and why
  assert.match(await page.getByTestId('reader-blocks').innerText(), /押金/);
  await page.getByRole('button', { name: /交押金/ }).click();
  await page.getByTestId('amount').focus();
  await page.keyboard.press('Enter'); // the form submits from the keyboard
  await page.locator('.ant-modal').waitFor({ state: 'hidden' });
  await page.getByTestId('reader-ok').waitFor();
  await screenshot(page, 'staff-04-reader-page');
}));

test('lend two books by scanning, and the third is refused by the loan rule', () => withEvidence('lend-two-books-by-scanning-and-the-third', [staff, reader], async () => {
  const { page } = staff;
  await page.keyboard.press('F2');
  await scan(page, 'desk-scan', CARD);
  await page.getByTestId('reader-summary-name').filter({ hasText: '张晓明' }).waitFor();
  await scan(page, 'desk-scan', fx.lend[0]);
  await page.getByTestId('desk-lent').getByText(fx.lend[0]).waitFor();
  await scan(page, 'desk-scan', fx.lend[1]);
  await page.getByTestId('desk-lent').getByText(fx.lend[1]).waitFor();
  await scan(page, 'desk-scan', fx.lend[2]);
  await page.getByTestId('checkout-refused').waitFor();
  const refusal = await page.getByTestId('checkout-refused').innerText();
  assert.match(refusal, /不能借出/);
  assert.match(refusal, /最大借阅册数/);
  assert.match(refusal, /F8/, 'the admin may override, and is told how');
  await screenshot(page, 'staff-05-desk-third-refused');
  assert.equal(await page.getByTestId('desk-lent').locator('tbody tr.ant-table-row').count(), 2);
  await page.keyboard.press('Escape');
  await page.getByTestId('desk-scan').and(page.locator(`[placeholder*="读者证"]`)).waitFor();
}));

test('check one in at another branch: the screen says to send it home (transit)', () => withEvidence('check-one-in-at-another-branch-the-scree', [staff, reader], async () => {
  const { page } = staff;
  await page.keyboard.press('F3');
  await chooseServicePoint(page, '福田分馆');
  await scan(page, 'checkin-scan', fx.lend[0]);
  const banner = page.getByTestId('checkin-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-action'), 'transit');
  assert.match(await banner.innerText(), /调拨[\s\S]*天一中心图书馆/);
  assert.equal(await page.evaluate(() => (window as unknown as { __tianyiLastTune?: string }).__tianyiLastTune), 'transit');
  await screenshot(page, 'staff-06-checkin-transit');
  // the work list of the branch shows it to send
  await page.goto('/staff/work-lists');
  await page.getByRole('tab', { name: /待调出/ }).click();
  await page.getByText(fx.lend[0]).waitFor();
  await screenshot(page, 'staff-07-work-list-outgoing');
}));

test('another reader borrows a single copy; our reader places a hold on it in the public catalog', () => withEvidence('another-reader-borrows-a-single-copy-our', [staff, reader], async () => {
  const { page } = staff;
  await page.goto('/staff/desk');
  await chooseServicePoint(page, '天一中心图书馆');
  await scan(page, 'desk-scan', 'R0000003');
  await page.getByTestId('reader-summary').waitFor();
  await scan(page, 'desk-scan', fx.heldCopy);
  await page.getByTestId('desk-lent').getByText(fx.heldCopy).waitFor();
  await page.keyboard.press('Escape');

  const p = reader.page;
  await p.goto(`/record/${fx.heldRecord}`);
  await p.getByTestId('record-title').waitFor();
  await p.getByRole('button', { name: /登录后预约/ }).click();
  await p.getByTestId('card-number').fill(CARD);
  await p.getByTestId('pin').fill(PIN);
  await p.getByTestId('sign-in-submit').click();
  await p.getByTestId('place-hold').click();
  await p.locator('.ant-modal').getByText('天一中心图书馆').first().waitFor();
  await screenshot(p, 'public-20-phone-place-hold');
  await p.locator('.ant-modal-footer .ant-btn-primary').click();
  await p.locator('.ant-modal').waitFor({ state: 'hidden' });
  await p.goto('/account');
  await p.getByRole('tab', { name: '我的预约' }).click();
  await p.getByTestId('my-holds').getByText(fx.heldTitle).waitFor();
  assert.match(await p.getByTestId('hold-status').first().innerText(), /排队中/);
}));

test('checking the copy in captures it for the hold; the reader sees it ready and picks it up', () => withEvidence('checking-the-copy-in-captures-it-for-the', [staff, reader], async () => {
  const { page } = staff;
  await page.keyboard.press('F3');
  await scan(page, 'checkin-scan', fx.heldCopy);
  const banner = page.getByTestId('checkin-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-action'), 'hold_shelf');
  assert.match(await banner.innerText(), /放预约架[\s\S]*张\*/);
  assert.doesNotMatch(await banner.innerText(), /张晓明/, 'the other readers at the desk see a masked name');
  await screenshot(page, 'staff-08-checkin-hold-shelf');

  const p = reader.page;
  await p.goto('/account');
  await p.getByRole('tab', { name: '我的预约' }).click();
  await p.getByTestId('hold-status').filter({ hasText: '预约到书' }).waitFor();
  await screenshot(p, 'public-21-phone-hold-ready');

  await page.goto('/staff/work-lists');
  await page.getByText(fx.heldCopy).waitFor();
  await screenshot(page, 'staff-09-hold-shelf');

  await page.keyboard.press('F2');
  await scan(page, 'desk-scan', CARD);
  await page.getByTestId('ready-holds').getByText(fx.heldTitle).waitFor(); // the desk sees the hold waiting to be handed over
  await scan(page, 'desk-scan', fx.heldCopy);
  await page.getByTestId('desk-lent').getByText(fx.heldCopy).waitFor();
  await screenshot(page, 'staff-10-hold-picked-up');

  await p.goto('/account');
  await p.getByTestId('my-loans').getByText(fx.heldTitle).waitFor();
  await screenshot(p, 'public-22-phone-loans');
  assert.deepEqual(staff.problems, []);
  assert.deepEqual(reader.problems, []);
}));
