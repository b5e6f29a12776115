/**
 * Seats and events for a reader on a phone: book a seat on the slot grid, check in by typing the
 * seat's code (the camera's stand-in), step away and back, leave; register for a full event and be
 * put on the waiting list (候补), then move up when the registered reader cancels.
 */
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserMissing, confirmModal, launch, openPage, screenshot, withEvidence } from './support/browser.js';
import { adminApi, startWebServer, type WebServer } from './support/web-server.js';
import { dayFromToday, openAllDay, signIn, type Lib } from './support/services.js';

const skip = browserMissing();
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { skip: skip ?? false }, fn);

let server: WebServer;
let browser: Browser;
let lib: Lib;

before(async () => {
  if (skip) return;
  server = await startWebServer();
  lib = await openAllDay(server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a reader books a seat on a phone, checks in by the seat code, steps away, comes back and leaves', async () => {
  const w = await openPage(browser, { baseURL: server.url, mobile: true });
  await withEvidence('reader-seat', [w], async () => {
    const { page } = w;
    await page.goto('/seats');
    await page.locator('[data-state="empty"]').waitFor(); // no library chosen yet: says so
    await signIn(page, 'R0000003', '/seats');
    await page.evaluate((id) => sessionStorage.setItem('tianyi.res.library', id), lib.id);
    await page.reload();
    await page.getByTestId('slot-grid').waitFor();
    await screenshot(page, 'reader-30-seat-slots');
    await page.locator('[data-testid="slot"]:not([disabled])').first().click();
    await page.getByTestId('seat-grid').waitFor();
    const seat = page.locator('[data-testid="seat"]:not([disabled])').first();
    const number = (await seat.getAttribute('data-seat'))!;
    await seat.click();
    await screenshot(page, 'reader-31-seat-grid');
    await page.getByTestId('book-seat').click();
    await page.waitForURL(/\/bookings$/);
    const booking = page.getByTestId('live-bookings').getByTestId('booking').first();
    await booking.and(page.locator('[data-status="booked"]')).waitFor();
    assert.match(await booking.innerText(), new RegExp(number));
    await screenshot(page, 'reader-32-my-bookings');

    // the seat's QR sticker: staff see its code
    const call = await adminApi(server);
    const rooms = (await call<{ items: { id: string; kind: string }[] }>('GET', `/api/reservations/libraries/${lib.id}/spaces?kind=reading_room`)).items;
    let code = '';
    for (const r of rooms) {
      const s = (await call<{ seats: { number: string; code: string }[] }>('GET', `/api/reservations/spaces/${r.id}`)).seats.find((x) => x.number === number);
      if (s) { code = s.code; break; }
    }
    await page.getByTestId('seat-code').fill('NOT-A-SEAT');
    await page.getByTestId('seat-check-in').click();
    await page.locator('[data-state="error"]').waitFor(); // a wrong code is explained
    await page.getByTestId('seat-code').fill(code);
    await page.getByTestId('seat-check-in').click();
    await page.locator('[data-testid="booking"][data-status="checked_in"]').waitFor();
    await screenshot(page, 'reader-33-checked-in');
    await page.getByTestId('booking-away').click();
    await page.locator('[data-testid="booking"][data-status="away"]').waitFor();
    await page.getByTestId('booking-back').click();
    await page.locator('[data-testid="booking"][data-status="checked_in"]').waitFor();
    await page.getByTestId('booking-end').click();
    await confirmModal(page);
    await page.locator('[data-testid="booking"][data-status="completed"]').waitFor();
    assert.equal(await page.getByTestId('live-bookings').getByTestId('booking').count(), 0);
    await screenshot(page, 'reader-34-left');
    assert.deepEqual(w.problems, []);
  });
  await w.context.close();
});

test('a reader books the activity room for a study group on a phone, sees it in their bookings and cancels it', async () => {
  const w = await openPage(browser, { baseURL: server.url, mobile: true });
  await withEvidence('reader-room', [w], async () => {
    const { page } = w;
    await signIn(page, 'R0000002', '/rooms');
    await page.evaluate((id) => sessionStorage.setItem('tianyi.res.library', id), lib.id);
    await page.reload();
    await page.getByTestId('slot-grid').waitFor();
    await page.locator('[data-testid="slot"]:not([disabled])').first().click();
    await page.getByTestId('room-end').waitFor();
    await page.getByTestId('room-purpose').fill('读书会：《边城》共读');
    await screenshot(page, 'reader-35-room-form');
    await page.getByTestId('book-room').click();
    await page.waitForURL(/\/bookings$/);
    // the room's name comes in after the booking (shown as … meanwhile)
    const booking = page.getByTestId('live-bookings').locator('[data-testid="booking"][data-status="booked"]', { hasText: '多功能报告厅' });
    await booking.waitFor();
    await screenshot(page, 'reader-36-room-booked');

    await booking.getByTestId('booking-cancel').click();
    await confirmModal(page);
    await page.getByTestId('live-bookings').getByTestId('booking').waitFor({ state: 'detached' });
    await page.locator('[data-testid="booking"][data-status="cancelled"]', { hasText: '多功能报告厅' }).waitFor(); // in the history
    await screenshot(page, 'reader-37-room-cancelled');
    assert.deepEqual(w.problems, []);
  });
  await w.context.close();
});

test('the events calendar; a full event puts the second reader on the waiting list, who moves up when the first cancels', async () => {
  const call = await adminApi(server);
  const day = dayFromToday(2);
  const event = await call<{ id: string }>('POST', '/api/events', {
    libraryId: lib.id, kind: 'lecture', title: '宁波方言与地方文献讲座', audience: 'adult', capacity: 1, place: '二楼报告厅',
    description: '一个名额，用来看候补递补。', startsAt: `${day}T10:00:00+08:00`, endsAt: `${day}T11:30:00+08:00`,
  });
  const a = await openPage(browser, { baseURL: server.url, mobile: true });
  const b = await openPage(browser, { baseURL: server.url, mobile: true });
  await withEvidence('reader-events', [a, b], async () => {
    await a.page.goto('/events');
    await a.page.getByTestId('event-card').first().waitFor();
    await screenshot(a.page, 'reader-40-events-calendar');
    await a.page.goto('/events?kind=lecture&audience=adult');
    await a.page.getByText('宁波方言与地方文献讲座').click();
    await a.page.getByTestId('event-title').waitFor();

    await signIn(a.page, 'R0000006', `/events/${event.id}`);
    await a.page.getByTestId('register').click();
    await a.page.getByTestId('my-registration').waitFor();
    assert.match(await a.page.getByTestId('my-registration').innerText(), /已报名/);

    await signIn(b.page, 'R0000009', `/events/${event.id}`);
    assert.match(await b.page.getByTestId('register').innerText(), /候补/);
    await b.page.getByTestId('register').click();
    await b.page.getByTestId('my-registration').waitFor();
    assert.match(await b.page.getByTestId('my-registration').innerText(), /候补第 1 位/);
    await screenshot(b.page, 'reader-41-waiting-list');

    await a.page.getByTestId('cancel-registration').click();
    await confirmModal(a.page);
    await a.page.getByTestId('register').waitFor();

    await b.page.goto('/my-events');
    await b.page.locator('[data-testid="my-event"][data-status="registered"]').waitFor();
    assert.match(await b.page.getByTestId('my-event-status').first().innerText(), /已报名/);
    await screenshot(b.page, 'reader-42-moved-up');
    assert.deepEqual([...a.problems, ...b.problems], []);
  });
  await a.context.close();
  await b.context.close();
});
