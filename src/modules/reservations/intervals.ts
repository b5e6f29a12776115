/**
 * Interval algebra on plain values (Cal.com's date-ranges idea): availability is opening hours
 * minus closures minus bookings, computed without the database. Intervals are half-open
 * [start, end) in epoch milliseconds, so a booking that ends at 10:00 and one that starts at
 * 10:00 do not overlap (the same rule tstzrange's && uses in the exclusion constraint).
 *
 * Functions that take lists accept them in any order and with overlaps; they return merged,
 * sorted lists. Empty and inverted intervals are dropped rather than rejected: they arise
 * naturally (a booking clipped to a closed day) and mean "nothing".
 */
export interface Interval {
  start: number;
  end: number;
}

function sorted(list: readonly Interval[]): Interval[] {
  return list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Sort and join overlapping or touching intervals. */
export function merge(list: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of sorted(list)) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push({ start: i.start, end: i.end });
    }
  }
  return out;
}

/** The parts covered by both lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = merge(a);
  const y = merge(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i].start, y[j].start);
    const end = Math.min(x[i].end, y[j].end);
    if (start < end) out.push({ start, end });
    if (x[i].end < y[j].end) i++;
    else j++;
  }
  return out;
}

/** The parts of `from` not covered by `remove`. Linear in the two lengths once sorted. */
export function subtract(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const cut = merge(remove);
  const out: Interval[] = [];
  let j = 0;
  for (const piece of merge(from)) {
    let start = piece.start;
    while (j < cut.length && cut[j].end <= start) j++;
    let k = j;
    while (k < cut.length && cut[k].start < piece.end) {
      if (cut[k].start > start) out.push({ start, end: cut[k].start });
      start = Math.max(start, cut[k].end);
      k++;
    }
    if (start < piece.end) out.push({ start, end: piece.end });
  }
  return out;
}

/** Does some interval of `ranges` contain all of `i`? (Touching ranges count as one.) */
export function covers(ranges: readonly Interval[], i: Interval): boolean {
  return merge(ranges).some((r) => r.start <= i.start && i.end <= r.end);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export function totalLength(list: readonly Interval[]): number {
  return merge(list).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/**
 * Fixed-length slots that lie wholly inside `ranges`, starting on the grid `origin + n * step`
 * (a library's slots start at :00/:15/:30/:45 local time, not at whatever minute a range begins,
 * so that every seat offers the same slots and readers can compare them).
 */
export function slots(ranges: readonly Interval[], step: number, origin = 0, length = step): Interval[] {
  if (step <= 0 || length <= 0) throw new RangeError('slot step and length must be positive');
  const out: Interval[] = [];
  for (const r of merge(ranges)) {
    let start = origin + Math.ceil((r.start - origin) / step) * step;
    for (; start + length <= r.end; start += step) out.push({ start, end: start + length });
  }
  return out;
}

/** Is `t` on the grid `origin + n * step`? */
export function onGrid(t: number, step: number, origin = 0): boolean {
  return (((t - origin) % step) + step) % step === 0;
}
