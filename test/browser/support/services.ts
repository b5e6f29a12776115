/** Set-up shared by the seat, room and event browser tests: open all day, library ids, a reader's token. */
import type { Page } from 'playwright-core';
import { adminApi, type WebServer } from './web-server.js';
import { loadDemoReservations } from '../../../src/modules/reservations/index.js';
import { loadDemoEvents } from '../../../src/modules/events/index.js';

export interface Lib { id: string; code: string; name: string; kind: string }

/**
 * The demo rooms and events (the demo loader may not load them), and the central library open
 * every day from midnight to midnight so a booking can start now.
 */
export async function openAllDay(server: WebServer): Promise<Lib> {
  await loadDemoReservations(server.ctx);
  await loadDemoEvents(server.ctx);
  const call = await adminApi(server);
  const libs = (await call<{ items: Lib[] }>('GET', '/api/libraries')).items;
  const lib = libs.find((l) => l.kind === 'central') ?? libs[0];
  await call('PUT', `/api/libraries/${lib.id}/opening-hours`, { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, spans: [{ opens: '00:00', closes: '24:00' }] })) });
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await call('DELETE', `/api/libraries/${lib.id}/closed-days/${today}`).catch(() => undefined);
  await call('DELETE', `/api/libraries/${lib.id}/special-hours/${today}`).catch(() => undefined);
  return lib;
}

/** A reader's bearer token (PIN 1234 for every demo reader). */
export async function readerToken(server: WebServer, card: string): Promise<string> {
  const r = await server.app.inject({ method: 'POST', url: '/api/patrons/login', payload: { cardNumber: card, pin: '1234' } });
  if (r.statusCode !== 200) throw new Error(`reader login ${card}: ${r.body}`);
  return r.json().token;
}

/** Signs a reader in through the page, landing on `next`. */
export async function signIn(page: Page, card: string, next: string): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByTestId('card-number').fill(card);
  await page.getByTestId('pin').fill('1234');
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL((u) => u.pathname === next);
}

/** A day in the network's zone, n days from today. */
export function dayFromToday(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);
}
