/**
 * Every SIP2 message of PROTOCOLS.md over a real socket, answers read back with the codec and
 * checked against the database: 93 99 23 63 11 09 17 29 65 35 37 15 19 01 25 97.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse, type MessageOf } from '../../src/protocols/sip2/index.js';
import { chargeFee } from '../../src/modules/circulation/index.js';
import { createFixture, Client, NOW, type Fixture } from './support.js';

let f: Fixture;
let c: Client;
before(async () => {
  f = await createFixture();
  c = await Client.connect(f.server.port);
  await c.login();
});
after(async () => {
  c.end();
  await f.close();
});

async function ask<C extends string>(line: string, code: C): Promise<any> {
  (f.ctx.clock as unknown as { advance(ms: number): void }).advance(1000); // requests queue in time order
  const text = await c.send(line);
  const r = parse(text, { expect: 'response' });
  assert.ok(r.ok, `unparseable answer to ${line}: ${text}`);
  assert.equal(r.message.code, code, text);
  return r.message as MessageOf<any>;
}

const patronId = async (card: string) => (await f.db.pool.query('SELECT patron_id FROM patrons_card WHERE number = $1', [card])).rows[0].patron_id as string;
const openLoans = async (barcode: string) => Number((await f.db.pool.query('SELECT count(*) FROM circulation_loan WHERE item_barcode = $1 AND closed_at IS NULL', [barcode])).rows[0].count);

test('93 login: wrong password refused, right one accepted; 99 answers the device library', async () => {
  const other = await Client.connect(f.server.port);
  assert.equal(await other.send('9300CNkiosk-central|COwrong|CPx|'), '940');
  assert.equal(await other.send('9300CNnobody|COwhatever|'), '940');
  const before = await ask.call(null, '9900302.00', '98');
  assert.ok(before);
  other.end();
  const s = await ask('9900302.00', '98');
  assert.equal(s.onlineStatus, true);
  assert.equal(s.checkoutOk, true);
  assert.equal(s.institutionId, 'TY-CENTRAL');
  assert.equal(s.libraryName, '天一中心图书馆');
  assert.equal(s.supportedMessages, 'YYYYYYYYYYYYYYYY');
  assert.equal(s.protocolVersion, '2.00');
});

test('23 patron status: valid card and PIN, wrong PIN, unknown card, blocked reader', async () => {
  const ok = await ask(`23019${NOW}AOTY-CENTRAL|AAR0000001|AD1234|`, '24');
  assert.equal(ok.validPatron, true);
  assert.equal(ok.validPatronPassword, true);
  assert.equal(ok.personalName, '王*明');
  assert.equal(ok.patronStatus, ' '.repeat(14));
  assert.equal(ok.currencyType, 'CNY');
  const bad = await ask(`23019${NOW}AOTY-CENTRAL|AAR0000002|AD9999|`, '24');
  assert.equal(bad.validPatronPassword, false);
  assert.deepEqual(bad.screenMessage, ['密码错误', '李*，您好']);
  const unknown = await ask(`23019${NOW}AOTY-CENTRAL|AANOSUCHCARD|`, '24');
  assert.equal(unknown.validPatron, false);
  assert.equal(unknown.patronStatus.slice(0, 4), 'YYYY');
  const blocked = await ask(`23019${NOW}AOTY-CENTRAL|AAR0000005|`, '24');
  assert.equal(blocked.patronStatus[0], 'Y');
  const en = await ask(`23001${NOW}AOTY-CENTRAL|AAR0000001|`, '24');
  assert.equal(en.language, '001');
  assert.deepEqual(en.screenMessage, ['Welcome, 王*明']);
});

test('11 checkout: a real loan with its due date, the title, media type; refusals as AF; the same line again is the same loan', async () => {
  const r = await ask(`11YN${NOW}                  AOTY-CENTRAL|AAR0000001|ABC0001|AD1234|`, '12');
  assert.equal(r.ok, true);
  assert.equal(r.desensitize, true);
  assert.equal(r.itemIdentifier, 'C0001');
  assert.equal(r.mediaType, '001');
  const loan = (await f.db.pool.query(`SELECT due_at FROM circulation_loan WHERE item_barcode = 'C0001' AND closed_at IS NULL`)).rows[0];
  assert.ok(loan);
  assert.match(r.dueDate, /^2026122\d {4}\d{6}$/);
  assert.match(r.screenMessage[0], /^借书成功，应还日期 2026-12-\d\d$/);
  assert.ok(r.titleIdentifier.length > 0);
  const again = await ask(`11YN${NOW}                  AOTY-CENTRAL|AAR0000001|ABC0001|AD1234|`, '12');
  assert.equal(again.ok, true);
  assert.equal(await openLoans('C0001'), 1);
  const other = await ask(`11YN${NOW}                  AOTY-CENTRAL|AAR0000002|ABC0001|`, '12');
  assert.equal(other.ok, false);
  assert.deepEqual(other.screenMessage, ['此书已被借出']);
  const blocked = await ask(`11YN${NOW}                  AOTY-CENTRAL|AAR0000005|ABC0002|`, '12');
  assert.equal(blocked.ok, false);
  assert.equal(await openLoans('C0002'), 0);
  const wrongPin = await ask(`11YN${NOW}                  AOTY-CENTRAL|AAR0000002|ABC0002|AD0000|`, '12');
  assert.deepEqual(wrongPin.screenMessage, ['密码错误']);
});

test('17 item information: circulation status, due date, hold queue, owner, security marker, call number', async () => {
  const r = await ask(`17${NOW}AOTY-CENTRAL|ABC0001|`, '18');
  assert.equal(r.circulationStatus, '04');
  assert.match(r.dueDate, /^2026122\d/);
  assert.equal(r.owner, 'TY-CENTRAL');
  assert.equal(r.holdQueueLength, '0');
  assert.equal(r.securityMarker, '00');
  const shelf = await ask(`17${NOW}AOTY-CENTRAL|ABC0010|`, '18');
  assert.equal(shelf.circulationStatus, '03');
  const tape = await ask(`17${NOW}AOTY-CENTRAL|ABC0009|`, '18');
  assert.equal(tape.securityMarker, '02');
  const none = await ask(`17${NOW}AOTY-CENTRAL|ABNOPE|`, '18');
  assert.equal(none.circulationStatus, '01');
  assert.deepEqual(none.screenMessage, ['条码无效：NOPE']);
});

test('63 patron information: counts and each summary list (charged, overdue, fines, holds, unavailable holds)', async () => {
  const pid = await patronId('R0000001');
  await chargeFee(f.ctx, { patronId: pid, amountFen: 250, note: 'test', actor: { id: 'test' } });
  await ask(`15+${NOW}BSCENTRAL|BY2|AOTY-CENTRAL|AAR0000001|ABC0001|`, '16'); // own loan's title: refused or queued
  const charged = await ask(`63019${NOW}  Y       AOTY-CENTRAL|AAR0000001|AD1234|`, '64');
  assert.equal(charged.chargedItemsCount, 1);
  assert.deepEqual(charged.chargedItems, ['C0001']);
  assert.equal(charged.fineItemsCount, 1);
  assert.equal(charged.feeAmount, '2.50');
  assert.equal(charged.validPatronPassword, true);
  const fines = await ask(`63019${NOW}   Y      AOTY-CENTRAL|AAR0000001|`, '64');
  assert.match(fines.fineItems[0], / 2\.50 manual$/);
  const overdue = await ask(`63019${NOW} Y        AOTY-CENTRAL|AAR0000001|`, '64');
  assert.equal(overdue.overdueItemsCount, 0);
  assert.equal(overdue.overdueItems, undefined);
  await ask(`15+${NOW}BY2|AOTY-CENTRAL|AAR0000003|ABC0001|`, '16'); // C0001 is out: reader 3 waits
  const waiting = await ask(`63019${NOW}     Y    AOTY-CENTRAL|AAR0000003|`, '64');
  assert.equal(waiting.unavailableHoldsCount, 1);
  assert.equal(waiting.unavailableHoldItems.length, 1);
  assert.match(waiting.unavailableHoldItems[0], / #1$/);
  const holds = await ask(`63019${NOW}Y         AOTY-CENTRAL|AAR0000003|`, '64');
  assert.equal(holds.holdItemsCount, 0);
});

test('37 fee paid: accepted against the fee; BK repeated does not pay twice; over the amount owed refused', async () => {
  const pid = await patronId('R0000001');
  const owed = async () => Number((await f.db.pool.query(`SELECT coalesce(sum(amount_fen - paid_fen - waived_fen), 0) AS o FROM circulation_fee WHERE patron_id = $1`, [pid])).rows[0].o);
  assert.equal(await owed(), 250);
  const line = `37${NOW}0100CNYBV1.00|AOTY-CENTRAL|AAR0000001|BKTXN-1|`;
  const r = await ask(line, '38');
  assert.equal(r.paymentAccepted, true);
  assert.equal(r.transactionId, 'TXN-1');
  assert.equal(await owed(), 150);
  const again = await ask(line, '38');
  assert.equal(again.paymentAccepted, true);
  assert.equal(await owed(), 150);
  const tooMuch = await ask(`37${NOW}0100CNYBV9.00|AOTY-CENTRAL|AAR0000001|BKTXN-2|`, '38');
  assert.equal(tooMuch.paymentAccepted, false);
  const usd = await ask(`37${NOW}0100USDBV1.00|AOTY-CENTRAL|AAR0000001|`, '38');
  assert.equal(usd.paymentAccepted, false);
  const noBk = `37${NOW}0000CNYBV0.50|AOTY-CENTRAL|AAR0000001|`;
  assert.equal((await ask(noBk, '38')).paymentAccepted, true);
  assert.equal((await ask(noBk, '38')).paymentAccepted, true);
  assert.equal(await owed(), 100);
});

test('29 renew and 65 renew all: refusals as AF with the item; title-level 29 by the title', async () => {
  const r = await ask(`29NN${NOW}                  AOTY-CENTRAL|AAR0000001|ABC0001|`, '30');
  assert.equal(r.ok, false);
  assert.equal(r.itemIdentifier, 'C0001');
  assert.ok(r.screenMessage.length);
  const title = (await ask(`17${NOW}AOTY-CENTRAL|ABC0001|`, '18')).titleIdentifier;
  const byTitle = await ask(`29NN${NOW}                  AOTY-CENTRAL|AAR0000001|AJ${title}|`, '30');
  assert.equal(byTitle.itemIdentifier, 'C0001');
  const nothing = await ask(`29NN${NOW}                  AOTY-CENTRAL|AAR0000001|AJ没有这本书|`, '30');
  assert.deepEqual(nothing.screenMessage, ['此书不在您的借阅中']);
  f.ctx.clock = f.ctx.clock; // (renewal window depends on the policy; a later clock renews)
  const all = await ask(`65${NOW}AOTY-CENTRAL|AAR0000001|`, '66');
  assert.equal(all.ok, true);
  assert.equal((all.renewedCount ?? 0) + (all.unrenewedCount ?? 0), 1);
  assert.deepEqual([...(all.renewedItems ?? []), ...(all.unrenewedItems ?? [])], ['C0001']);
});

test('15 hold: item-level add, title-level add, change (in place: same queue position), delete; queue position', async () => {
  const add = await ask(`15+${NOW}BSCENTRAL|BY3|AOTY-CENTRAL|AAR0000002|ABC0001|`, '16');
  assert.equal(add.ok, true);
  assert.equal(add.available, false);
  assert.equal(add.queuePosition, '2');
  const behind = await ask(`15+${NOW}BSCENTRAL|AOTY-CENTRAL|AAR0000004|ABC0001|`, '16');
  assert.equal(behind.queuePosition, '3');
  const row = async (card: string) =>
    (await f.db.pool.query(`SELECT id, created_at, item_id IS NOT NULL AS item, pickup_library_id, expires_on FROM circulation_hold WHERE patron_id = $1 AND status = 'pending'`, [await patronId(card)])).rows;
  const [before] = await row('R0000002');
  assert.equal(before.item, true);
  const change = await ask(`15*${NOW}BW20261231    235959|BSFUTIAN|AOTY-CENTRAL|AAR0000002|ABC0001|`, '16');
  assert.equal(change.ok, true);
  assert.equal(change.queuePosition, '2', 'a change keeps the place in the queue');
  assert.equal(change.expirationDate, '20261231    235959');
  assert.deepEqual(change.screenMessage, ['预约已修改']);
  const after = await row('R0000002');
  assert.equal(after.length, 1);
  assert.deepEqual([after[0].id, after[0].created_at.getTime(), after[0].item], [before.id, before.created_at.getTime(), true], 'the same request, neither cancelled nor placed again');
  assert.deepEqual([after[0].pickup_library_id, after[0].expires_on], [f.network.libraries.FUTIAN, '2026-12-31']);
  // nothing named: nothing changes; the reader behind is still third
  const still = await ask(`15*${NOW}AOTY-CENTRAL|AAR0000004|ABC0001|`, '16');
  assert.deepEqual([still.ok, still.queuePosition], [true, '3']);
  assert.equal((await row('R0000004'))[0].pickup_library_id, f.network.libraries.CENTRAL);
  const past = await ask(`15*${NOW}BW20261101    235959|AOTY-CENTRAL|AAR0000004|ABC0001|`, '16');
  assert.equal(past.ok, false);
  assert.deepEqual(past.screenMessage, ['预约截止日期不能早于今天']);
  assert.equal((await ask(`15-${NOW}AOTY-CENTRAL|AAR0000004|ABC0001|`, '16')).ok, true);
  const del = await ask(`15-${NOW}AOTY-CENTRAL|AAR0000002|ABC0001|`, '16');
  assert.equal(del.ok, true);
  const none = await ask(`15-${NOW}AOTY-CENTRAL|AAR0000002|ABC0001|`, '16');
  assert.equal(none.ok, false);
  const title = await ask(`15+${NOW}AOTY-CENTRAL|AAR0000002|AJ${f.records[4]}|`, '16');
  assert.equal(title.ok, true);
  assert.equal(title.available, true);
});

test('09 checkin: the loan closes; a waiting hold sends the book to the hold shelf with the masked name; other copies transit home', async () => {
  const r = await ask(`09N${NOW}${NOW}APCENTRAL|AOTY-CENTRAL|ABC0001|`, '10');
  assert.equal(r.ok, true);
  assert.equal(r.resensitize, true);
  assert.equal(await openLoans('C0001'), 0);
  assert.equal(r.sortBin, 'HOLD');
  assert.equal(r.alert, true);
  assert.equal(r.alertType, '01');
  assert.equal(r.holdPatronName, '张*');
  const away = await ask(`09N${NOW}${NOW}APCENTRAL|AOTY-CENTRAL|ABF0002|`, '10');
  assert.equal(away.sortBin, 'TRANSIT-FUTIAN');
  assert.equal(away.destinationLocation, 'TY-FUTIAN');
  assert.equal(away.alertType, '04');
  const home = await ask(`09N${NOW}${NOW}APCENTRAL|AOTY-CENTRAL|ABC0003|`, '10');
  assert.equal(home.sortBin, 'RESHELVE');
  assert.equal(home.alert, false);
  assert.deepEqual(home.screenMessage, ['还书成功', '请放回书架']);
  const unknown = await ask(`09N${NOW}${NOW}APCENTRAL|AOTY-CENTRAL|ABNOPE|`, '10');
  assert.equal(unknown.ok, false);
});

test('15 change of a captured hold: the pickup desk stays (refused in the device\'s language), the last day may change', async () => {
  // C0001 came back above and waits on the CENTRAL hold shelf for R0000003
  const moved = await ask(`15*${NOW}BSFUTIAN|AOTY-CENTRAL|AAR0000003|ABC0001|`, '16');
  assert.equal(moved.ok, false);
  assert.deepEqual(moved.screenMessage, ['预约书已在运送途中或已到预约架，不能再更改取书地点']);
  const en = await Client.connect(f.server.port);
  await en.login('kiosk-en', 'kiosk-en');
  const r = (parse(await en.send(`15*${NOW}BSFUTIAN|AOTY-CENTRAL|AAR0000003|ABC0001|`)) as any).message;
  assert.deepEqual([r.ok, r.screenMessage], [false, ['Your item is already on its way or on the hold shelf; the pickup location can no longer change']]);
  en.end();
  const later = await ask(`15*${NOW}BW20261215    235959|BSCENTRAL|AOTY-CENTRAL|AAR0000003|ABC0001|`, '16');
  assert.deepEqual([later.ok, later.available, later.expirationDate], [true, true, '20261215    235959']);
  const hold = (await f.db.pool.query(`SELECT status, pickup_library_id, expires_on FROM circulation_hold WHERE patron_id = $1 AND status = 'ready'`, [await patronId('R0000003')])).rows[0];
  assert.deepEqual(hold, { status: 'ready', pickup_library_id: f.network.libraries.CENTRAL, expires_on: '2026-12-15' });
});

test('19 item status update is kept and read back by 17', async () => {
  const r = await ask(`19${NOW}AOTY-CENTRAL|ABC0004|CHAFI=07|`, '20');
  assert.equal(r.itemPropertiesOk, true);
  const info = await ask(`17${NOW}AOTY-CENTRAL|ABC0004|`, '18');
  assert.equal(info.itemProperties, 'AFI=07');
});

test('01 block patron and 25 patron enable', async () => {
  const b = await ask(`01Y${NOW}AOTY-CENTRAL|ALCard retained by kiosk|AAR0000002|`, '24');
  assert.equal(b.patronStatus[0], 'Y');
  assert.equal(b.screenMessage[0], '读者证已被自助机收回，请到服务台');
  const blocks = await f.db.pool.query(`SELECT reason, created_by FROM patrons_block WHERE patron_id = $1 AND removed_at IS NULL`, [await patronId('R0000002')]);
  assert.equal(blocks.rowCount, 1);
  assert.match(blocks.rows[0].created_by, /^device:/);
  const e = await ask(`25${NOW}AOTY-CENTRAL|AAR0000002|`, '26');
  assert.equal(e.patronStatus[0], ' ');
  // a staff block stays
  const staff = await ask(`25${NOW}AOTY-CENTRAL|AAR0000005|`, '26');
  assert.equal(staff.patronStatus[0], 'Y');
});

test('35 end session and 97 resend of the last answer byte for byte', async () => {
  const end = await c.send(`35${NOW}AOTY-CENTRAL|AAR0000001|`);
  assert.match(end, /^36Y/);
  assert.equal(await c.send('97'), end);
  assert.equal(await c.send('97AZFEF5'), end);
});

test('an English device answers in English', async () => {
  const en = await Client.connect(f.server.port);
  await en.login('kiosk-en', 'kiosk-en');
  const r = (parse(await en.send(`11YN${NOW}                  AOTY-FUTIAN|AAR0000007|ABF0003|`)) as any).message;
  assert.equal(r.ok, true);
  assert.match(r.screenMessage[0], /^Checked out\. Due 2026-12-\d\d$/);
  const back = (parse(await en.send(`09N${NOW}${NOW}AP|AOTY-FUTIAN|ABF0003|`)) as any).message;
  assert.deepEqual(back.screenMessage, ['Checked in', 'Return to shelf']);
  en.end();
});
