/**
 * Demo events for the demo network: a lecture series on the Tianyi Pavilion's books (a membership
 * series), a children's reading hour, an exhibition without registration, a workshop. Booked in
 * each library's activity room (from loadDemoReservations) when it has one. Idempotent.
 */
import { one } from '../../kernel/db/pool.js';
import { addDays, cachedCalendar, isOpen, listLibraries, localDay, zonedInstant, type Calendar } from '../consortium/index.js';
import { listSpaces } from '../reservations/index.js';
import { createEvent, createSeries, type EventsCtx } from './ops/publish.js';

const at = (day: string, hhmm: string, tz: string) => zonedInstant(day, Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60, tz);

/** The next `n` Saturdays on which the library is open (holiday closures are skipped). */
function saturdays(calendar: Calendar, from: string, n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(from, 1), i = 0; out.length < n && i < 400; d = addDays(d, 1), i++) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 6 && isOpen(calendar, d)) out.push(d);
  }
  return out;
}

export async function loadDemoEvents(ctx: EventsCtx): Promise<{ created: number }> {
  const existing = await one<{ n: number }>(ctx.db, 'SELECT count(*)::int AS n FROM events_event');
  if (existing!.n > 0) return { created: 0 };
  let created = 0;
  for (const lib of await listLibraries(ctx.db, { status: 'active' })) {
    const tz = lib.timeZone;
    const room = (await listSpaces(ctx, lib.id, 'activity_room'))[0]?.id ?? null;
    const days = saturdays(await cachedCalendar(ctx.db, lib.id), localDay(ctx.clock.now(), tz), 4);
    if (days.length < 4) continue; // a library without Saturday hours gets no demo events
    const [s1, s2, s3, s4] = days;
    const actor = 'demo';
    if (lib.kind === 'central') {
      const series = await createSeries(ctx, {
        libraryId: lib.id, kind: 'lecture', title: '天一讲堂：藏书楼与中国书籍史', audience: 'adult', spaceId: room, capacity: 100, membership: true,
        description: '四讲系列讲座：从天一阁说起，谈藏书楼、刻本与版本。系列会员自动报名每一讲。', actor,
        sessions: [s1, s2, s3, s4].map((d) => ({ startsAt: at(d, '14:00', tz), endsAt: at(d, '15:30', tz) })),
      });
      created += series.events.length;
      await createEvent(ctx, {
        libraryId: lib.id, kind: 'exhibition', title: '馆藏古籍善本展', audience: 'all', place: '一楼展厅', capacity: null,
        description: '精选馆藏明清刻本与地方文献，免预约参观。', startsAt: at(s1, '09:00', tz), endsAt: at(s4, '17:00', tz), actor,
      });
      created++;
    } else {
      await createEvent(ctx, {
        libraryId: lib.id, kind: 'reading', title: '周末亲子绘本阅读会', audience: 'family', spaceId: room, capacity: 20,
        description: '适合 4-8 岁儿童与家长，每位读者可带一名儿童。', startsAt: at(s1, '10:00', tz), endsAt: at(s1, '11:00', tz), actor,
      });
      await createEvent(ctx, {
        libraryId: lib.id, kind: 'workshop', title: '古籍修复体验工作坊', audience: 'teen', spaceId: room, capacity: 12,
        description: '在修复师指导下体验线装书的装订。', startsAt: at(s2, '14:00', tz), endsAt: at(s2, '16:00', tz), actor,
      });
      created += 2;
    }
  }
  return { created };
}
