/** A kiosk program we did not link against (test/sip2/kiosk.mjs, plain JS), run as a child process against the server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFixture } from './support.js';

const KIOSK = join(dirname(fileURLToPath(import.meta.url)), 'kiosk.mjs');

test('a separate kiosk program logs in, checks a book out and in, and ends the session', async () => {
  const f = await createFixture();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [KIOSK, String(f.server.port), 'kiosk-central', 'kiosk-demo', 'R0000001', '1234', 'C0002'], { timeout: 30_000 });
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), ['login ok', 'status ok', 'patron ok', 'checkout ok', 'checkin ok', 'end ok'], stdout);
    assert.match(lines[1], /TY-CENTRAL$/);
    assert.match(lines[2], /王\*明$/);
    assert.match(lines[3], /^checkout ok 2026122\d {4}235959 借书成功，应还日期 2026-12-\d\d$/);
    assert.match(lines[4], /^checkin ok RESHELVE 还书成功 \/ 请放回书架$/);
    const loans = await f.db.pool.query(`SELECT count(*)::int AS n, count(closed_at)::int AS closed FROM circulation_loan WHERE item_barcode = 'C0002'`);
    assert.deepEqual(loans.rows[0], { n: 1, closed: 1 });
  } finally {
    await f.close();
  }
});
