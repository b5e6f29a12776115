import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { covers, intersect, merge, onGrid, overlaps, slots, subtract, totalLength, type Interval } from './intervals.js';

const iv = (start: number, end: number): Interval => ({ start, end });

test('merge sorts, joins overlapping and touching intervals, drops empty ones', () => {
  assert.deepEqual(merge([iv(5, 7), iv(1, 3), iv(2, 4), iv(7, 9), iv(10, 10), iv(12, 11)]), [iv(1, 4), iv(5, 9)]);
  assert.deepEqual(merge([]), []);
  const input = [iv(1, 2)];
  merge(input)[0].end = 99;
  assert.equal(input[0].end, 2, 'inputs are not mutated');
});

test('intersect keeps what both lists cover; touching is not overlapping', () => {
  assert.deepEqual(intersect([iv(0, 10), iv(20, 30)], [iv(5, 25)]), [iv(5, 10), iv(20, 25)]);
  assert.deepEqual(intersect([iv(0, 10)], [iv(10, 20)]), []);
  assert.deepEqual(intersect([iv(0, 10)], []), []);
});

test('subtract: opening hours minus bookings, with bookings at the edges, inside and across', () => {
  const open = [iv(9, 12), iv(13, 21)];
  assert.deepEqual(subtract(open, [iv(9, 10), iv(11, 14), iv(20, 22)]), [iv(10, 11), iv(14, 20)]);
  assert.deepEqual(subtract(open, []), open);
  assert.deepEqual(subtract(open, [iv(0, 24)]), []);
  assert.deepEqual(subtract([iv(0, 10)], [iv(2, 3), iv(2, 4), iv(6, 7)]), [iv(0, 2), iv(4, 6), iv(7, 10)]);
  assert.deepEqual(subtract([iv(0, 10)], [iv(10, 12)]), [iv(0, 10)], 'a booking from closing time on takes nothing');
});

test('slots lie wholly in the ranges and on the grid', () => {
  // in minutes since midnight: 09:10-10:00 with 15-minute slots gives 09:15, 09:30, 09:45
  assert.deepEqual(slots([iv(550, 600)], 15, 0).map((s) => s.start), [555, 570, 585]);
  assert.deepEqual(slots([iv(0, 59)], 15), [iv(0, 15), iv(15, 30), iv(30, 45)]);
  assert.deepEqual(slots([iv(0, 60)], 30, 0, 45), [iv(0, 45)]);
  assert.deepEqual(slots([iv(-30, 0)], 15), [iv(-30, -15), iv(-15, 0)], 'negative times (before the origin) work');
  assert.throws(() => slots([iv(0, 1)], 0));
});

test('covers, overlaps, onGrid, totalLength', () => {
  assert.equal(covers([iv(0, 5), iv(5, 10)], iv(3, 8)), true, 'touching ranges count as one');
  assert.equal(covers([iv(0, 5), iv(6, 10)], iv(3, 8)), false);
  assert.equal(overlaps(iv(0, 5), iv(5, 6)), false);
  assert.equal(overlaps(iv(0, 5), iv(4, 6)), true);
  assert.equal(onGrid(45, 15), true);
  assert.equal(onGrid(-15, 15), true);
  assert.equal(onGrid(46, 15), false);
  assert.equal(totalLength([iv(0, 5), iv(3, 8), iv(10, 11)]), 9);
});

// Properties against a brute-force model on a small integer line.
const small = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => iv(a, b)), { maxLength: 8 });
const points = (list: Interval[]) => new Set(Array.from({ length: 41 }, (_, t) => t).filter((t) => list.some((i) => i.start <= t && t < i.end)));

test('property: merge, intersect and subtract agree with set arithmetic on points', () => {
  fc.assert(
    fc.property(small, small, (a, b) => {
      const pa = points(a);
      const pb = points(b);
      assert.deepEqual(points(merge(a)), pa);
      assert.deepEqual(points(intersect(a, b)), new Set([...pa].filter((t) => pb.has(t))));
      assert.deepEqual(points(subtract(a, b)), new Set([...pa].filter((t) => !pb.has(t))));
      const m = merge(subtract(a, b));
      for (let i = 1; i < m.length; i++) assert.ok(m[i - 1].end < m[i].start, 'results are disjoint and sorted');
    }),
  );
});

test('property: every slot is inside the ranges and free of the removed parts', () => {
  fc.assert(
    fc.property(small, small, fc.integer({ min: 1, max: 7 }), (open, busy, step) => {
      const free = subtract(open, busy);
      for (const s of slots(free, step)) {
        assert.ok(covers(open, s));
        assert.ok(!busy.some((b) => b.end > b.start && overlaps(b, s)));
        assert.ok(onGrid(s.start, step));
      }
    }),
  );
});
