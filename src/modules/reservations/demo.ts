/**
 * Demo rooms: in every demo library a reading room (自习室) with 100 seats in zones (quiet,
 * power sockets, an accessible row, children's corner at branches) and an activity room (活动室).
 * Idempotent: a library that already has spaces is left alone.
 */
import { one } from '../../kernel/db/pool.js';
import { listLibraries } from '../consortium/index.js';
import { createSpace, type NewSeat } from './ops/spaces.js';
import type { ResCtx } from './support.js';

export interface DemoReservations {
  /** Library code -> { readingRoom, activityRoom } space ids. */
  spaces: Record<string, { readingRoom: string; activityRoom: string }>;
}

export function demoSeats(count = 100, children = false): NewSeat[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    // rows of ten: 1-30 quiet, 31-60 with power sockets, the last row accessible, and at
    // branches the 81-90 row is the children's corner (亲子阅读区)
    const zone = n <= 30 ? 'quiet' : n <= 60 ? 'power' : children && n > 80 && n <= 90 ? 'children' : 'general';
    return { number: `${String.fromCharCode(65 + Math.floor(i / 10))}${(i % 10) + 1}`, zone, accessible: n > count - 10 };
  });
}

export async function loadDemoReservations(ctx: ResCtx): Promise<DemoReservations> {
  const out: DemoReservations = { spaces: {} };
  for (const lib of await listLibraries(ctx.db, { status: 'active' })) {
    const existing = await one<{ n: number }>(ctx.db, 'SELECT count(*)::int AS n FROM reservations_space WHERE library_id = $1', [lib.id]);
    if (existing!.n > 0) continue;
    const reading = await createSpace(ctx, lib.id, {
      kind: 'reading_room', code: 'STUDY', name: lib.kind === 'central' ? '自习室（三楼）' : '自习室', floor: lib.kind === 'central' ? '3F' : '2F',
      seats: demoSeats(100, lib.kind !== 'central'),
    });
    const activity = await createSpace(ctx, lib.id, {
      kind: 'activity_room', code: 'ACTIVITY', name: lib.kind === 'central' ? '多功能报告厅' : '读者活动室', floor: '1F',
      capacity: lib.kind === 'central' ? 120 : 30, equipment: ['投影仪', '音响', '白板'],
    });
    out.spaces[lib.code] = { readingRoom: reading.id, activityRoom: activity.id };
  }
  return out;
}
