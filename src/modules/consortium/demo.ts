/**
 * The demo network: a central library and three district branches in the style of a Shenzhen-like
 * city network, with locations, service points, opening hours and the public holidays of 2026 and
 * 2027 as closed days. Names are realistic; the libraries are invented.
 *
 * Holiday dates are approximate and for demonstration only: 2026 follows the State Council's
 * published schedule as we recall it (unchecked), 2027 is estimated from the lunar calendar and
 * marked "（预估）" in its names. Real public libraries often stay open on most holidays; this
 * demo closes on them so that due dates visibly move past closures.
 */
import { addDays, daysBetween } from './calendar.js';
import { inTx, type Ctx } from './support.js';
import { createLibrary } from './ops/create-library.js';
import { createLocation, type NewLocation } from './ops/create-location.js';
import { createServicePoint, type NewServicePoint } from './ops/create-service-point.js';
import { setOpeningHours } from './ops/set-opening-hours.js';
import { addClosedDay } from './ops/closed-days.js';
import type { Span, Weekday, WeekdayHours } from './types.js';

export interface DemoNetwork {
  /** False when the network already had libraries and nothing was created. */
  created: boolean;
  /** Library code -> id (CENTRAL, FUTIAN, NANSHAN, BAOAN). */
  libraries: Record<string, string>;
  /** 'LIBRARY/LOCATION' code -> id, e.g. 'CENTRAL/ADULT'. */
  locations: Record<string, string>;
  /** 'LIBRARY/SERVICE-POINT' code -> id, e.g. 'FUTIAN/DESK'. */
  servicePoints: Record<string, string>;
}

const ADULT: NewLocation = { code: 'ADULT', name: '成人外借', nameEn: 'Adult lending' };
const CHILD: NewLocation = { code: 'CHILD', name: '少儿', nameEn: 'Children' };
const REF: NewLocation = { code: 'REF', name: '参考阅览', nameEn: 'Reference — not for loan', forLoan: false };
const LOCAL: NewLocation = { code: 'LOCAL', name: '地方文献', nameEn: 'Local history — not for loan', forLoan: false };

const DESK: NewServicePoint = { code: 'DESK', name: '总服务台', nameEn: 'Circulation desk', kind: 'desk', pickupLocation: true, holdShelfDays: 7 };
const KIOSK: NewServicePoint = { code: 'KIOSK-1', name: '自助借还机', nameEn: 'Self-check kiosk', kind: 'kiosk' };
const RETURN: NewServicePoint = { code: 'RETURN-24H', name: '24小时还书机', nameEn: '24-hour return machine', kind: 'return_machine' };

const span = (opens: string, closes: string): Span => ({ opens, closes });
function week(byDay: Partial<Record<Weekday, Span[]>>): WeekdayHours[] {
  return ([1, 2, 3, 4, 5, 6, 7] as Weekday[]).map((weekday) => ({ weekday, spans: byDay[weekday] ?? [] }));
}
const allDay = [span('09:00', '21:00')];

const LIBRARIES = [
  {
    code: 'CENTRAL', name: '天一中心图书馆', nameEn: 'Tianyi Central Library', kind: 'central' as const, institutionId: 'TY-CENTRAL',
    locations: [ADULT, CHILD, REF, LOCAL], servicePoints: [DESK, KIOSK, RETURN],
    // Monday mornings are for reshelving and maintenance (周一上午闭馆整理).
    hours: week({ 1: [span('13:00', '21:00')], 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay }),
  },
  {
    code: 'FUTIAN', name: '福田分馆', nameEn: 'Futian Branch', kind: 'branch' as const, institutionId: 'TY-FUTIAN',
    locations: [ADULT, CHILD, REF], servicePoints: [DESK, KIOSK],
    hours: week({ 2: [span('09:00', '20:00')], 3: [span('09:00', '20:00')], 4: [span('09:00', '20:00')], 5: [span('09:00', '20:00')], 6: [span('09:00', '20:00')], 7: [span('09:00', '20:00')] }),
  },
  {
    code: 'NANSHAN', name: '南山分馆', nameEn: 'Nanshan Branch', kind: 'branch' as const, institutionId: 'TY-NANSHAN',
    locations: [ADULT, CHILD, REF], servicePoints: [DESK, KIOSK],
    // A lunch break on weekdays (午休), as many smaller branches have.
    hours: week({
      2: [span('09:00', '12:00'), span('13:30', '20:30')], 3: [span('09:00', '12:00'), span('13:30', '20:30')],
      4: [span('09:00', '12:00'), span('13:30', '20:30')], 5: [span('09:00', '12:00'), span('13:30', '20:30')],
      6: [span('09:00', '18:00')], 7: [span('09:00', '18:00')],
    }),
  },
  {
    code: 'BAOAN', name: '宝安分馆', nameEn: "Bao'an Branch", kind: 'branch' as const, institutionId: 'TY-BAOAN',
    locations: [ADULT, CHILD], servicePoints: [DESK, KIOSK],
    hours: week({ 2: [span('09:30', '18:00')], 3: [span('09:30', '18:00')], 4: [span('09:30', '18:00')], 5: [span('09:30', '18:00')], 6: [span('09:30', '18:00')], 7: [span('09:30', '18:00')] }),
  },
];

/** [first day, last day, name] */
const HOLIDAYS: [string, string, string][] = [
  ['2026-01-01', '2026-01-03', '元旦'],
  ['2026-02-15', '2026-02-23', '春节'],
  ['2026-04-04', '2026-04-06', '清明节'],
  ['2026-05-01', '2026-05-05', '劳动节'],
  ['2026-06-19', '2026-06-21', '端午节'],
  ['2026-09-25', '2026-09-27', '中秋节'],
  ['2026-10-01', '2026-10-07', '国庆节'],
  ['2027-01-01', '2027-01-03', '元旦（预估）'],
  ['2027-02-05', '2027-02-11', '春节（预估）'],
  ['2027-04-03', '2027-04-05', '清明节（预估）'],
  ['2027-05-01', '2027-05-05', '劳动节（预估）'],
  ['2027-06-09', '2027-06-09', '端午节（预估）'],
  ['2027-09-15', '2027-09-15', '中秋节（预估）'],
  ['2027-10-01', '2027-10-07', '国庆节（预估）'],
];

/** Holiday closures of the demo network (exported for tests and the web demo). */
export function demoHolidays(): { date: string; name: string }[] {
  return HOLIDAYS.flatMap(([from, to, name]) => Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => ({ date: addDays(from, i), name })));
}

const DEMO_LOCK = 727_101; // serialises two processes starting on one empty database

export async function loadDemoNetwork(ctx: Ctx): Promise<DemoNetwork> {
  return inTx(ctx, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    const existing = await tx.query<{ code: string; id: string }>('SELECT code, id FROM consortium_library ORDER BY code');
    if (existing.rowCount) {
      return { created: false, libraries: Object.fromEntries(existing.rows.map((r) => [r.code, r.id])), locations: {}, servicePoints: {} };
    }
    const out: DemoNetwork = { created: true, libraries: {}, locations: {}, servicePoints: {} };
    for (const l of LIBRARIES) {
      const lib = await createLibrary(tx, {
        code: l.code, name: l.name, nameEn: l.nameEn, kind: l.kind, institutionId: l.institutionId,
        parentId: l.kind === 'central' ? null : out.libraries.CENTRAL, timeZone: 'Asia/Shanghai', joinedOn: '2024-01-01',
      });
      out.libraries[l.code] = lib.id;
      for (const loc of l.locations) out.locations[`${l.code}/${loc.code}`] = (await createLocation(tx, lib.id, loc)).id;
      for (const sp of l.servicePoints) out.servicePoints[`${l.code}/${sp.code}`] = (await createServicePoint(tx, lib.id, sp)).id;
      await setOpeningHours(tx, lib.id, l.hours);
      for (const [date, until, name] of HOLIDAYS) await addClosedDay(tx, lib.id, { date, until, name });
    }
    return out;
  });
}
