/**
 * Notices end to end: a local SMTP server (smtp-server) and a local HTTP gateway capture what
 * goes out. Due-soon and overdue scans with a frozen clock, a hold ready after a check-in,
 * outbox events from events and reservations, retries, and two processes (two pools) draining
 * the same queue: each notice is delivered once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../support/app.js';
import { staffToken } from '../support/staff.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { createPool } from '../../src/kernel/db/pool.js';
import { drainOutbox } from '../../src/kernel/jobs-outbox.js';
import { createNetwork, newItem, newReader, newRecord, type Network } from '../../src/modules/circulation/testing.js';
import { getRecord } from '../../src/modules/catalog/index.js';
import { openLoansDue } from '../../src/modules/circulation/index.js';
import { updatePatron } from '../../src/modules/patrons/index.js';
import { deliverNotices, queueNotices, registerNoticeHandlers, scanLoans, scrub, verifyWebhookSignature } from '../../src/modules/notices/index.js';

const SECRET = 'test-webhook-secret-0123456789';
const mails: { to: string[]; raw: string }[] = [];
const hooks: { body: any; headers: Record<string, string | string[] | undefined> }[] = [];
let hookStatus: number[] = [];
let smtp: SMTPServer;
let gateway: Server;
let t: TestApp;
let net: Network;
let desk: { authorization: string };
const clock = fixedClock('2026-11-01T02:00:00Z'); // 10:00 in Shanghai

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', () => ok()));
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = hookStatus.shift() ?? 200;
      if (status === 200) hooks.push({ body: JSON.parse(body), headers: req.headers });
      const ts = String(req.headers['x-tianyi-timestamp']);
      assert.ok(verifyWebhookSignature(SECRET, ts, body, String(req.headers['x-tianyi-signature'])), 'signed');
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => gateway.listen(0, '127.0.0.1', () => ok()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const hookPort = (gateway.address() as { port: number }).port;
  t = await createTestApp({
    clock,
    config: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, noticeWebhookUrl: `http://127.0.0.1:${hookPort}/notices`, noticeWebhookSecret: SECRET },
  });
  net = await createNetwork(t.ctx);
  desk = await staffToken(t, { permissions: ['circulation.*', 'patrons.*'] });
  registerNoticeHandlers();
});
after(async () => {
  await t.close();
  await new Promise<void>((ok) => smtp.close(() => ok()));
  await new Promise<void>((ok) => gateway.close(() => ok()));
});

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: desk, payload });
const count = async (sql: string, params: unknown[] = []) => (await t.ctx.db.query(sql, params)).rows[0].n as number;

/** The text of a single-part message sent base64-encoded. */
function mailText(raw: string): string {
  const [, ...rest] = raw.split(/\r?\n\r?\n/);
  return Buffer.from(rest.join('').replace(/\s/g, ''), 'base64').toString('utf8');
}

async function readerWithEmail(email: string, phone = '13812345678') {
  const r = await newReader(t.ctx, { name: '沈从文' });
  await updatePatron(t.ctx, r.patronId, { email, phone }, 'test');
  return r;
}

test('readers may have an e-mail address, shown masked; a malformed one is refused', async () => {
  const r = await post('/api/patrons', { name: '林徽因', idType: 'passport', idNumber: 'E12345678', groupCode: 'student', email: 'Alice@Example.COM', phone: '13900001111' });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().emailMasked, 'A***@example.com');
  assert.ok(!r.body.includes('Alice@'), 'no clear address in the response');
  const bad = await t.app.inject({ method: 'PATCH', url: `/api/patrons/${r.json().id}`, headers: desk, payload: { email: 'not an address' } });
  assert.deepEqual([bad.statusCode, bad.json().error.code], [422, 'EMAIL_INVALID']);
  const cleared = await t.app.inject({ method: 'PATCH', url: `/api/patrons/${r.json().id}`, headers: desk, payload: { email: null } });
  assert.equal(cleared.json().emailMasked, null);
});

test('due soon, then overdue on day 1 and day 7: each made once however often the scan runs, sent by e-mail and the gateway', async () => {
  clock.set('2026-11-01T02:00:00Z');
  const reader = await readerWithEmail('shen@example.com');
  const rec = await newRecord(t.ctx.db);
  const title = (await getRecord(t.ctx.db, rec)).display;
  const item = await newItem(t.ctx.db, { recordId: rec, libraryId: net.central.id });
  const out = await post('/api/circulation/check-out', { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.central });
  assert.equal(out.statusCode, 201, out.body);
  const dueAt = new Date(out.json().loan.dueAt); // 30 days: 2026-12-01 23:59:59 in Shanghai
  assert.equal(dueAt.toISOString(), '2026-12-01T15:59:59.000Z');
  mails.length = 0;
  hooks.length = 0;

  clock.set('2026-11-27T01:00:00Z'); // four days before: nothing yet
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 0 });
  clock.set('2026-11-28T01:00:00Z'); // three days before
  const noChannels = { ...t.ctx, config: { ...t.ctx.config, smtpUrl: undefined, noticeWebhookUrl: undefined } };
  assert.deepEqual(await scanLoans(noChannels), { dueSoon: 0, overdue: 0 }, 'a network without a notice channel queues nothing');
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 1, overdue: 0 });
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 0 }, 'the second scan finds it made');
  clock.advance(3_600_000);
  await scanLoans(t.ctx);
  assert.equal(await count(`SELECT count(*)::int AS n FROM notices_notice WHERE patron_id = $1`, [reader.patronId]), 2, 'one per channel');

  const sent = await deliverNotices(t.ctx);
  assert.deepEqual([sent.sent, sent.failed], [2, 0]);
  assert.equal(mails.length, 1);
  assert.deepEqual(mails[0].to, ['shen@example.com']);
  const name = title.titleVernacular ?? title.title;
  const body = mailText(mails[0].raw);
  assert.ok(body.startsWith(`【中心馆】您借阅的《${name}》将于2026年12月01日到期，请及时归还或续借。\n\n中心馆: "${name}" is due on 2026-12-01.`), body);
  assert.match(mails[0].raw, /^Message-ID: <notice-[0-9a-f-]+@tianyi>/im);
  assert.equal(hooks.length, 1);
  assert.equal(hooks[0].body.text, `【中心馆】您借阅的《${name}》将于2026年12月01日到期，请及时归还或续借。`);
  assert.equal(hooks[0].body.phone, '13812345678');
  assert.equal(hooks[0].body.kind, 'due_soon');
  assert.equal(hooks[0].headers['idempotency-key'], hooks[0].body.noticeId);
  assert.deepEqual(await deliverNotices(t.ctx), { sent: 0, failed: 0, retrying: 0, skipped: 0 }, 'nothing is sent twice');

  clock.set('2026-12-02T03:00:00Z'); // day 1 overdue
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 1 });
  clock.set('2026-12-03T03:00:00Z');
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 0 }, 'day 2: still stage 1, already told');
  clock.set('2026-12-09T03:00:00Z'); // day 8: the day-7 stage, though the scan missed day 7
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 1 });
  await deliverNotices(t.ctx);
  const overdue = hooks.slice(1).sort((a, b) => a.body.vars.stage - b.body.vars.stage);
  assert.deepEqual(overdue.map((h) => [h.body.kind, h.body.vars.stage]), [['overdue', 1], ['overdue', 7]]);
  assert.equal(overdue[1].body.text, `【中心馆】您借阅的《${name}》已于2026年12月01日到期，已逾期8天，请尽快归还。`);
  assert.equal(mails.length, 3);

  // returned: no more reminders
  desk = await staffToken(t, { permissions: ['circulation.*', 'patrons.*'] }); // the old session has expired meanwhile
  const back = await post('/api/circulation/check-in', { itemBarcode: item.barcode, servicePointId: net.desk.central });
  assert.equal(back.statusCode, 200, back.body);
  clock.set('2026-12-16T03:00:00Z');
  assert.deepEqual(await scanLoans(t.ctx), { dueSoon: 0, overdue: 0 });
});

test('the loan scan pages through loans due at the very same microsecond, each once (a cursor rounded to milliseconds gave the same page forever)', async () => {
  clock.set('2026-11-01T02:00:00Z');
  const reader = await newReader(t.ctx, { name: '萧红' });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const item = await newItem(t.ctx.db, { recordId: await newRecord(t.ctx.db), libraryId: net.central.id });
    const out = await post('/api/circulation/check-out', { itemBarcode: item.barcode, card: reader.card, servicePointId: net.desk.central });
    assert.equal(out.statusCode, 201, out.body);
    ids.push(out.json().loan.id);
  }
  // as loans migrated from another system or written by SQL carry them: microseconds, all alike
  await t.ctx.db.query(`UPDATE circulation_loan SET due_at = '2026-11-20 12:00:00.123456+00' WHERE id = ANY($1::uuid[])`, [ids]);
  const from = new Date('2026-11-20T12:00:00.000Z');
  const to = new Date('2026-11-20T12:00:00.200Z');
  const seen: string[] = [];
  let after: { dueKey: string; loanId: string } | null = null;
  for (let pages = 0; pages < 10; pages++) {
    const page = await openLoansDue(t.ctx.db, from, to, after, 2);
    seen.push(...page.map((l) => l.loanId));
    if (page.length < 2) break;
    after = { dueKey: page[1].dueKey, loanId: page[1].loanId };
  }
  assert.deepEqual([...seen].sort(), [...ids].sort(), 'every loan once, in three pages');
  // the books go back, so the tests after this one start from no loan
  for (const id of ids) await post('/api/circulation/check-in', { itemBarcode: (await t.ctx.db.query('SELECT item_barcode FROM circulation_loan WHERE id = $1', [id])).rows[0].item_barcode, servicePointId: net.desk.central });
});

test('a return that fills a hold tells the reader the book is ready (outbox -> notice -> e-mail)', async () => {
  clock.set('2026-11-01T02:00:00Z');
  const holder = await newReader(t.ctx);
  const waiting = await readerWithEmail('wait@example.com');
  const rec = await newRecord(t.ctx.db);
  const item = await newItem(t.ctx.db, { recordId: rec, libraryId: net.branch.id });
  await post('/api/circulation/check-out', { itemBarcode: item.barcode, card: holder.card, servicePointId: net.desk.branch });
  const hold = await post('/api/holds', { card: waiting.card, recordId: rec, pickupServicePointId: net.desk.branch });
  assert.equal(hold.statusCode, 201, hold.body);
  desk = await staffToken(t, { permissions: ['circulation.*', 'patrons.*'] }); // the old session has expired meanwhile
  const back = await post('/api/circulation/check-in', { itemBarcode: item.barcode, servicePointId: net.desk.branch });
  assert.equal(back.json().action, 'hold_shelf');
  mails.length = 0;
  hooks.length = 0;
  const drained = await drainOutbox(t.ctx);
  assert.ok(drained.processed >= 1);
  assert.equal(await count(`SELECT count(*)::int AS n FROM kernel_outbox WHERE processed_at IS NULL`), 0, 'every event handled');
  assert.equal((await drainOutbox(t.ctx)).processed, 0);
  await deliverNotices(t.ctx);
  assert.deepEqual(mails.map((m) => m.to[0]), ['wait@example.com']);
  assert.equal(hooks.length, 1);
  assert.equal(hooks[0].body.kind, 'hold_ready');
  assert.match(hooks[0].body.text, /^【福田分馆】您预约的《.+》已到馆，请于2026年11月08日前到福田分馆DESK凭读者证取书。$/);
});

test('event reminders and reservation no-shows from the outbox become notices', async () => {
  const r = await readerWithEmail('events@example.com');
  const events = [
    ['events.reminder', { registrationId: '00000000-0000-4000-8000-000000000001', patronId: r.patronId, eventId: '00000000-0000-4000-8000-000000000002', title: '宋词里的宁波', startsAt: '2026-11-02T06:30:00Z', libraryId: net.central.id, place: '报告厅' }],
    ['reservations.no_show', { bookingId: '00000000-0000-4000-8000-000000000003', patronId: r.patronId, libraryId: net.branch.id, startsAt: '2026-11-01T01:00:00Z' }],
    ['circulation.checked_out', { loanId: 'x' }],
  ] as const;
  for (const [topic, payload] of events) await t.ctx.db.query('INSERT INTO kernel_outbox (topic, payload) VALUES ($1, $2)', [topic, payload]);
  hooks.length = 0;
  await drainOutbox(t.ctx);
  await deliverNotices(t.ctx);
  const texts = hooks.map((h) => h.body.text).sort();
  assert.deepEqual(texts, [
    '【中心馆】您报名的活动“宋词里的宁波”将于2026年11月02日 14:30在报告厅举行，欢迎准时参加。',
    '【福田分馆】您预约的2026年11月01日 09:00座位/空间未按时签到，已被释放并记违约一次。',
  ]);
});

test('a gateway that fails is retried with backoff; one that refuses gives up; a reader without e-mail is skipped', async () => {
  clock.set('2026-11-05T02:00:00Z');
  const r = await newReader(t.ctx); // no e-mail
  await queueNotices(t.ctx, [{ kind: 'event_cancelled', subjectKey: `event:test:${r.patronId}`, patronId: r.patronId, libraryId: net.central.id, vars: { title: '读书会' } }]);
  hookStatus = [503];
  assert.deepEqual(await deliverNotices(t.ctx), { sent: 0, failed: 0, retrying: 1, skipped: 1 });
  const row = (await t.ctx.db.query(`SELECT status, attempts, next_attempt_at, last_error FROM notices_notice WHERE patron_id = $1 AND channel = 'webhook'`, [r.patronId])).rows[0];
  assert.deepEqual([row.status, row.attempts, row.next_attempt_at.toISOString(), row.last_error], ['pending', 1, '2026-11-05T02:01:00.000Z', 'gateway answered 503']);
  assert.equal((await deliverNotices(t.ctx)).sent, 0, 'not before its time');
  clock.advance(60_000);
  assert.equal((await deliverNotices(t.ctx)).sent, 1);

  await queueNotices(t.ctx, [{ kind: 'event_cancelled', subjectKey: `event:test2:${r.patronId}`, patronId: r.patronId, libraryId: null, vars: { title: '读书会' } }]);
  hookStatus = [400];
  assert.equal((await deliverNotices(t.ctx)).failed, 1);
  assert.equal(scrub('550 <shen@example.com> unknown; call 138 1234 5678'), '550 <[address]> unknown; call [number]');
});

test('two processes draining the same queue deliver each notice exactly once', async () => {
  clock.set('2026-11-06T02:00:00Z');
  const readers = await Promise.all([0, 1, 2, 3].map((i) => readerWithEmail(`r${i}@example.com`)));
  // 40 event reminders through the outbox, drained by two processes at once
  for (let i = 0; i < 40; i++) {
    const r = readers[i % 4];
    await t.ctx.db.query(`INSERT INTO kernel_outbox (topic, payload) VALUES ('events.reminder', $1)`, [
      { registrationId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, patronId: r.patronId, eventId: '00000000-0000-4000-8000-000000000009', title: `讲座${i}`, startsAt: '2026-11-07T06:00:00Z', libraryId: net.central.id, place: '' },
    ]);
  }
  const pools = [createPool(t.db.url, 4), createPool(t.db.url, 4)];
  try {
    const procs = pools.map((db) => ({ ...t.ctx, db }));
    mails.length = 0;
    hooks.length = 0;
    await Promise.all(procs.map((p) => drainOutbox(p, { batch: 5 })));
    assert.equal(await count(`SELECT count(*)::int AS n FROM notices_notice WHERE kind = 'event_reminder' AND vars->>'title' LIKE '讲座%'`), 80);
    const results = await Promise.all(procs.map((p) => deliverNotices(p, { batch: 3 })));
    assert.equal(results[0].sent + results[1].sent, 80);
    assert.equal(mails.length, 40);
    assert.equal(hooks.length, 40);
    assert.equal(new Set(hooks.map((h) => h.body.noticeId)).size, 40, 'no notice twice');
    assert.equal(await count(`SELECT count(*)::int AS n FROM notices_notice WHERE status <> 'sent' AND vars->>'title' LIKE '讲座%'`), 0);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
});

test('the job runner: an exclusive job runs in one process at a time; startJobs starts and stops cleanly', async () => {
  const { runExclusive } = await import('../../src/kernel/jobs.js');
  const { startJobs } = await import('../../src/modules/registry.js');
  let release!: () => void;
  const first = runExclusive(t.ctx, 727_999, () => new Promise<string>((ok) => (release = () => ok('first'))));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(await runExclusive(t.ctx, 727_999, async () => 'second'), { ran: false });
  release();
  assert.deepEqual(await first, { ran: true, result: 'first' });
  const stop = await startJobs(t.ctx);
  await stop();
});
