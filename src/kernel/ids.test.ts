import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeOrderedId } from './ids.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are UUID version 7 carrying their millisecond, and sort in the order they were made', () => {
  const at = Date.UTC(2026, 11, 6, 12, 0, 0, 123);
  const id = timeOrderedId(at);
  assert.match(id, UUID7);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at, 'the first 48 bits are the time');
  // Many in one millisecond (a batch), then the clock moving on, then a clock that went back.
  const ids = [...Array.from({ length: 5000 }, () => timeOrderedId(at + 1)), timeOrderedId(at + 50), timeOrderedId(at + 2)];
  for (const x of ids) assert.match(x, UUID7);
  assert.deepEqual([...ids].sort(), ids, 'string order is creation order, even past 4,096 in a millisecond or with the clock set back');
  assert.equal(new Set(ids).size, ids.length);
});
