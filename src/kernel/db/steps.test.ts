/** Several modules' statements in one round trip, inside a transaction whose BEGIN and COMMIT travel with them. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../../test/support/db.js';
import { prepared, withTransaction } from './pool.js';
import { runStep, runSteps, step } from './steps.js';

let db: TestDb;
before(async () => {
  db = await createTestDb(4);
  await db.pool.query('CREATE TABLE step_probe (id int PRIMARY KEY, note text, tags text[], at timestamptz, doc jsonb, ok boolean)');
});
after(async () => db.close());

const INSERT = prepared('test.steps.insert', 'INSERT INTO step_probe (id, note, tags, at, doc, ok) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *');
const COUNT = prepared('test.steps.count', 'SELECT count(*)::int AS n FROM step_probe');
const insert = (id: number, note: string | null, tags: (string | null)[] = [], doc: unknown = null, ok = true) =>
  step(INSERT, [id, note, tags, new Date('2026-11-27T02:00:00.123Z'), doc, ok], (r) => r.rows[0]);
const count = step(COUNT, [], (r) => r.rows[0].n as number);

test('values survive the trip as literals: quotes, backslashes, Chinese, arrays with commas and NULLs, JSON, dates, booleans', async () => {
  const nasty = `O'Brien \\ "沈從文" ; DROP TABLE step_probe; --`;
  const [row] = await withTransaction(db.pool, (tx) => runSteps(tx, [insert(1, nasty, ['a,b', 'c"d', null, '{x}'], { name: '王雨', n: 3 }, false)], { commit: true }), { pipelined: true });
  assert.equal(row.note, nasty);
  assert.deepEqual(row.tags, ['a,b', 'c"d', null, '{x}']);
  assert.equal(row.at.toISOString(), '2026-11-27T02:00:00.123Z');
  assert.deepEqual(row.doc, { name: '王雨', n: 3 });
  assert.equal(row.ok, false);
  assert.equal(await runStep(db.pool, count), 1, 'the table is still there, and the step runs alone too');
});

test('a pipelined transaction commits with its last steps, and an error anywhere rolls all of it back', async () => {
  await db.pool.query('DELETE FROM step_probe');
  const n = await withTransaction(db.pool, async (tx) => {
    const [a] = await runSteps(tx, [insert(10, 'first')]);
    const [b, c] = await runSteps(tx, [insert(11, 'second'), count], { commit: true });
    return [a.id, b.id, c];
  }, { pipelined: true });
  assert.deepEqual(n, [10, 11, 2]);

  await assert.rejects(
    withTransaction(db.pool, async (tx) => {
      await runSteps(tx, [insert(20, 'kept only if all goes well')]);
      await runSteps(tx, [insert(21, 'fine'), insert(10, 'duplicate key'), insert(22, 'never runs')], { commit: true });
    }, { pipelined: true }),
    { code: '23505' },
  );
  assert.equal(await runStep(db.pool, count), 2, 'nothing of the failed transaction stays');

  await assert.rejects(
    withTransaction(db.pool, async (tx) => {
      await runSteps(tx, [insert(30, 'written, then the caller refuses')]);
      throw new Error('a rule refused');
    }, { pipelined: true }),
    /a rule refused/,
  );
  assert.equal(await runStep(db.pool, count), 2);
  // the connections are clean afterwards: an ordinary transaction works on each of them
  await Promise.all([1, 2, 3, 4].map(() => withTransaction(db.pool, (tx) => tx.query('SELECT 1'))));
});

test('each statement is prepared once per connection, and prepared again after the server forgets it', async () => {
  const client = await db.pool.connect();
  try {
    for (let i = 0; i < 3; i++) await runSteps(client, [count]);
    const prepared = (await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 's_test_steps_count'`)).rows[0].n;
    assert.equal(prepared, 1);
    await client.query('DEALLOCATE ALL');
    await assert.rejects(runSteps(client, [count]), { code: '26000' });
    assert.equal((await runSteps(client, [count]))[0], 2, 'the next call prepares it again');
  } finally {
    client.release();
  }
  // A transaction's first trip is simply sent again: the caller never sees the error.
  const clients = await Promise.all([1, 2, 3, 4].map(() => db.pool.connect()));
  await Promise.all(clients.map((c) => runSteps(c, [count]).then(() => c.query('DEALLOCATE ALL'))));
  clients.forEach((c) => c.release());
  const counts = await Promise.all([1, 2, 3, 4].map(() => withTransaction(db.pool, async (tx) => (await runSteps(tx, [count], { commit: true }))[0], { pipelined: true })));
  assert.deepEqual(counts, [2, 2, 2, 2]);
});
