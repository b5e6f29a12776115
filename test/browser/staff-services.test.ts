/**
 * The staff side of seats, rooms, events and cataloguing in a real browser: create a reading room
 * with seats and take a room and a seat out of service; the day's bookings and suspensions;
 * publish an event with a poster, then admit a registered reader at the door by scanning the card;
 * the booking and event statistics; import a MARC file with a progress bar and the rejects report;
 * add an item to a record and edit it.
 */
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { browserMissing, confirmModal, launch, openStaffDesk, screenshot, type Watched, withEvidence } from './support/browser.js';
import { ADMIN_PASSWORD, adminApi, startWebServer, type WebServer } from './support/web-server.js';
import { dayFromToday, openAllDay, readerToken, type Lib } from './support/services.js';

const skip = browserMissing();
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { skip: skip ?? false }, fn);
// a 1x1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: WebServer;
let browser: Browser;
let w: Watched;
let lib: Lib;

before(async () => {
  if (skip) return;
  server = await startWebServer();
  lib = await openAllDay(server);
  browser = await launch();
  w = await openStaffDesk(browser, server.url, 'admin', ADMIN_PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Picks an option of an Ant Design select by its visible text. */
async function choose(testId: string, text: string): Promise<void> {
  await w.page.getByTestId(testId).click();
  await w.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

test('rooms and seats: create a reading room with seats, take a seat and a room out of service', () => withEvidence('staff-spaces', [w], async () => {
  const { page } = w;
  await page.goto('/staff/spaces');
  await choose('spaces-library', lib.name);
  await page.getByTestId('spaces-table').waitFor();
  await page.getByTestId('new-room').click();
  await page.getByTestId('room-code').fill('QUIET2');
  await page.getByTestId('room-name').fill('古籍阅览室');
  await page.getByTestId('room-seats').fill('12');
  await page.getByTestId('room-prefix').fill('Q');
  await page.getByTestId('room-save').click();
  const row = page.getByTestId('spaces-table').locator('tr', { hasText: 'QUIET2' });
  await row.waitFor();
  await row.locator('.ant-table-row-expand-icon').click();
  await page.getByTestId('seat-service-Q3').click();
  await page.locator('[data-testid="seat-service-Q3"][aria-checked="false"]').waitFor();
  await screenshot(page, 'staff-40-spaces-seats');
  await page.getByTestId('take-out-QUIET2').click();
  await page.getByTestId('out-reason').fill('空调检修');
  await confirmModal(page);
  await page.getByTestId('put-back-QUIET2').waitFor();
  assert.match(await row.innerText(), /空调检修/);
  await page.goto('/staff/bookings');
  await page.locator('[data-testid="day-bookings"], [data-state="empty"]').first().waitFor();
  await page.getByRole('tab', { name: '违约处理' }).click();
  await page.locator('[data-testid="suspensions"], .ant-tabs-tabpane-active [data-state="empty"]').first().waitFor();
  await screenshot(page, 'staff-41-suspensions');
  assert.deepEqual(w.problems, []);
}));

test('publish a lecture with a poster, then admit a registered reader at the door by scanning the card', () => withEvidence('staff-events', [w], async () => {
  const { page } = w;
  const day = dayFromToday(3);
  await page.goto('/staff/events');
  await page.getByTestId('new-event').click();
  await page.getByTestId('event-title-input').fill('天一阁藏书史讲座（测试）');
  await page.getByTestId('event-description').fill('从范钦说起。');
  const when = page.getByTestId('event-when-0');
  await when.locator('input').first().click();
  await when.locator('input').first().fill(`${day} 14:00`);
  await page.keyboard.press('Enter');
  await when.locator('input').nth(1).fill(`${day} 15:30`);
  await page.keyboard.press('Enter');
  await page.getByTestId('event-capacity').fill('30');
  await page.getByTestId('event-poster').locator('input[type=file]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: PNG });
  await screenshot(page, 'staff-42-publish-event');
  await page.getByTestId('event-publish').click();
  await page.getByTestId('event-title').waitFor();
  assert.match(await page.getByTestId('event-title').innerText(), /天一阁藏书史讲座/);
  await page.getByTestId('event-poster-img').waitFor();
  const eventId = page.url().split('/').pop()!;

  const token = await readerToken(server, 'R0000010');
  const reg = await server.app.inject({ method: 'POST', url: `/api/me/events/${eventId}/registration`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(reg.statusCode, 201, reg.body);
  await page.reload();
  await page.getByTestId('registrations').locator('tbody tr.ant-table-row').first().waitFor();
  await page.getByTestId('door-scan').fill('R0000001');
  await page.keyboard.press('Enter');
  await page.locator('[data-state="error"]').waitFor(); // not registered: said in plain words
  await page.getByTestId('door-scan').fill('R0000010');
  await page.keyboard.press('Enter');
  await page.getByTestId('door-ok').waitFor();
  await page.locator('[data-testid="event-attended"]', { hasText: '1' }).waitFor();
  await screenshot(page, 'staff-43-door-check-in');

  await page.goto('/staff/res-stats');
  await page.locator('[data-testid="room-stats"]').waitFor();
  await page.locator('[data-testid="event-stats"], [data-state="empty"]').last().waitFor();
  await screenshot(page, 'staff-44-res-stats');
  assert.deepEqual(w.problems, []);
}));

test('import a MARC file: progress bar, counts, rejects report to download', () => withEvidence('staff-import', [w], async () => {
  const { page } = w;
  const file = Buffer.concat([readFileSync(new URL('../../demo/marc/sample-marc.mrc', import.meta.url)), Buffer.from('this is not MARC at all\x1d', 'latin1')]);
  await page.goto('/staff/import');
  await page.locator('[data-state="empty"]').waitFor(); // no imports yet
  await page.getByTestId('import-file').locator('input[type=file]').setInputFiles({ name: 'sample-marc.mrc', mimeType: 'application/octet-stream', buffer: file });
  await page.getByTestId('import-start').click();
  await page.getByTestId('import-progress').waitFor();
  await page.locator('[data-testid="import-status"]', { hasText: '已完成' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('import-read').innerText(), '25');
  assert.equal(await page.getByTestId('import-rejected').innerText(), '1');
  await page.getByTestId('rejects').locator('tbody tr.ant-table-row').first().waitFor();
  assert.match(await page.getByTestId('rejects').innerText(), /25/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejects').click()]);
  assert.match(download.suggestedFilename(), /rejects\.txt$/);
  await screenshot(page, 'staff-45-import-result');
  assert.deepEqual(w.problems, []);
}));

test('add an item to a record and edit it', () => withEvidence('staff-item', [w], async () => {
  const { page } = w;
  const call = await adminApi(server);
  const hit = (await call<{ hits: { id: string }[] }>('GET', `/api/search?q=${encodeURIComponent('李白')}`)).hits[0];
  await page.goto(`/staff/catalog/${hit.id}`);
  await page.getByTestId('add-item').click();
  await page.getByTestId('item-barcode').fill('BT0000001');
  await choose('item-library', lib.name);
  await page.getByTestId('item-call-number').fill('I222.742/1');
  await page.getByTestId('item-price').fill('38.5');
  await screenshot(page, 'staff-46-add-item');
  await page.getByTestId('item-save').click();
  const row = page.getByTestId('record-items').locator('tr', { hasText: 'BT0000001' });
  await row.waitFor();
  assert.match(await row.innerText(), /¥38\.50/);
  await page.getByTestId('edit-item-BT0000001').click();
  await page.getByTestId('item-call-number').fill('I222.742/2');
  await page.getByTestId('item-save').click();
  await page.getByTestId('record-items').locator('tr', { hasText: 'I222.742/2' }).waitFor();
  const item = await call<{ callNumber: string; version: number }>('GET', '/api/items/BT0000001');
  assert.equal(item.callNumber, 'I222.742/2');
  await screenshot(page, 'staff-47-item-saved');
  assert.deepEqual(w.problems, []);
}));
