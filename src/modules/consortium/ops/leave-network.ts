/**
 * A library leaves the network, or rejoins it. Nothing is deleted: its records, locations and
 * history stay; a library that left receives no new loans or holds (see rules/library-active.ts).
 * Each membership period is kept in consortium_membership.
 */
import { forgetLibrary } from './get-library.js';
import { many } from '../../../kernel/db/pool.js';
import { BadRequest, refuse } from '../../../kernel/errors.js';
import { isDay, localDay } from '../calendar.js';
import { clockOf, dbOf, inTx, libraryById, LIBRARY_COLUMNS, toLibrary, type Ctx, type LibraryRow } from '../support.js';
import type { Day, Library, MembershipPeriod } from '../types.js';

function dateOrToday(ctx: Ctx, on: Day | undefined, timeZone: string): Day {
  const today = localDay(clockOf(ctx).now(), timeZone);
  const day = on ?? today;
  if (!isDay(day)) throw new BadRequest('INVALID_DATE', 'on must be a date YYYY-MM-DD.');
  // Membership changes record what happened; planning a future change is a calendar matter.
  refuse([day > today ? { code: 'DATE_IN_FUTURE', message: 'Membership changes are recorded on or after the day they happen.', parameter: { name: 'on', value: day } } : null]);
  return day;
}

export async function leaveNetwork(ctx: Ctx, libraryId: string, input: { on?: Day } = {}): Promise<Library> {
  return inTx(ctx, async (tx) => {
    const lib = await libraryById(tx, libraryId, true);
    const on = dateOrToday(ctx, input.on, lib.timeZone);
    refuse([
      lib.status === 'left' ? { code: 'LIBRARY_ALREADY_LEFT', message: `${lib.name} left the network on ${lib.leftOn}.` } : null,
      lib.status === 'active' && on < lib.joinedOn
        ? { code: 'LEFT_BEFORE_JOINED', message: `${lib.name} joined on ${lib.joinedOn}; it cannot leave before that.`, parameter: { name: 'on', value: on } }
        : null,
    ]);
    const r = await tx.query<LibraryRow>(
      `UPDATE consortium_library SET status = 'left', left_on = $2, updated_at = $3 WHERE id = $1 RETURNING ${LIBRARY_COLUMNS}`,
      [lib.id, on, clockOf(ctx).now()],
    );
    await tx.query('UPDATE consortium_membership SET left_on = $2 WHERE library_id = $1 AND left_on IS NULL', [lib.id, on]);
    return toLibrary(r.rows[0]);
  }).finally(() => forgetLibrary(libraryId));
}

export async function rejoinNetwork(ctx: Ctx, libraryId: string, input: { on?: Day } = {}): Promise<Library> {
  return inTx(ctx, async (tx) => {
    const lib = await libraryById(tx, libraryId, true);
    const on = dateOrToday(ctx, input.on, lib.timeZone);
    refuse([
      lib.status === 'active' ? { code: 'LIBRARY_ALREADY_ACTIVE', message: `${lib.name} is a member of the network.` } : null,
      lib.status === 'left' && lib.leftOn && on < lib.leftOn
        ? { code: 'REJOINED_BEFORE_LEFT', message: `${lib.name} left on ${lib.leftOn}; it rejoins on or after that day.`, parameter: { name: 'on', value: on } }
        : null,
    ]);
    const r = await tx.query<LibraryRow>(
      `UPDATE consortium_library SET status = 'active', joined_on = $2, left_on = NULL, updated_at = $3 WHERE id = $1 RETURNING ${LIBRARY_COLUMNS}`,
      [lib.id, on, clockOf(ctx).now()],
    );
    await tx.query('INSERT INTO consortium_membership (library_id, joined_on) VALUES ($1, $2)', [lib.id, on]);
    return toLibrary(r.rows[0]);
  }).finally(() => forgetLibrary(libraryId));
}

export async function listMembershipPeriods(ctx: Ctx, libraryId: string): Promise<MembershipPeriod[]> {
  const rows = await many<{ joined_on: string; left_on: string | null }>(
    dbOf(ctx),
    'SELECT joined_on, left_on FROM consortium_membership WHERE library_id = $1 ORDER BY joined_on, id',
    [libraryId],
  );
  return rows.map((r) => ({ joinedOn: r.joined_on, leftOn: r.left_on }));
}
