/**
 * A library's rooms and seats in service, as plain values, from a short-lived per-process cache.
 *
 * Why a cache: availability is read on every seat-map refresh (hundreds of readers at once when
 * booking opens), while rooms and seats change a few times a year. Reloading 1,000 seat rows each
 * time cost more than the rest of the answer together. Entries live LAYOUT_TTL_MS; a change made
 * through ops/spaces.ts in this process drops the entry at once, other processes see it within the
 * TTL. Only availability (a display) reads this: booking checks the seat and room in the database,
 * so a seat taken out of service a moment ago in another process may be shown for a few seconds
 * but is never booked.
 */
import { many } from '../../kernel/db/pool.js';
import type { Db } from '../../kernel/db/pool.js';
import type { AvailabilitySeat, AvailabilitySpace } from './ops/availability.js';

export const LAYOUT_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;

export interface Layout {
  /** In service, reading rooms first, then by code. */
  readonly spaces: readonly Readonly<AvailabilitySpace>[];
  /** In service, in rooms in service; by room, then seat number (short numbers first: 2 before 10). */
  readonly seats: readonly Readonly<AvailabilitySeat>[];
}

const cache = new Map<string, { loadedAt: number; layout: Layout }>();
// Bumped by every forget: a load that started before a change does not store what it read.
let generation = 0;

export async function loadLayout(db: Db, libraryId: string): Promise<Layout> {
  const [spaces, seats] = await Promise.all([
    many<AvailabilitySpace>(
      db,
      `SELECT id, kind, name, capacity FROM reservations_space WHERE library_id = $1 AND in_service ORDER BY kind DESC, code`,
      [libraryId],
    ),
    many<AvailabilitySeat>(
      db,
      `SELECT se.id, se.space_id AS "spaceId", se.number, se.zone, se.accessible FROM reservations_seat se
       JOIN reservations_space sp ON sp.id = se.space_id AND sp.in_service
       WHERE se.library_id = $1 AND se.in_service
       ORDER BY se.space_id, length(se.number), se.number`,
      [libraryId],
    ),
  ]);
  for (const s of spaces) Object.freeze(s);
  for (const s of seats) Object.freeze(s);
  return Object.freeze({ spaces: Object.freeze(spaces), seats: Object.freeze(seats) });
}

export async function cachedLayout(db: Db, libraryId: string): Promise<Layout> {
  const hit = cache.get(libraryId);
  const now = performance.now();
  if (hit && now - hit.loadedAt < LAYOUT_TTL_MS) return hit.layout;
  const gen = generation;
  const layout = await loadLayout(db, libraryId);
  if (gen === generation) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(libraryId, { loadedAt: now, layout });
  }
  return layout;
}

/** Drop a library's layout after a change to its rooms or seats. */
export function forgetLayout(libraryId: string): void {
  generation++;
  cache.delete(libraryId);
}

export function clearLayoutCache(): void {
  generation++;
  cache.clear();
}
