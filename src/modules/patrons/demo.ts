/**
 * Demo readers for the demo network. Every one has PIN 1234 and a barcode card R0000001 to
 * R0000020; ID numbers are generated with valid GB 11643 check characters on Ningbo region
 * codes (the Tianyi Pavilion's city), with sequence numbers 9xx that mark them as made up.
 *
 *   R0000001-R0000020  barcode cards, PIN 1234 (R0000019's first card was lost and replaced by
 *                      R0000019B; R0000020 has expired)
 *   GH0000007, GH0000008   trade-union member cards (readers 7, 8)
 *   XS0000011, XS0000012   electronic student cards (readers 11, 12)
 * Readers 1-3 have paid the adult deposit; reader 4 has a credit waiver; reader 5 is blocked.
 */
import { one } from '../../kernel/db/pool.js';
import { gb11643CheckChar } from './rules/identity.js';
import { registerPatron } from './ops/register.js';
import { issueCard, replaceCard, reportCardLost, expireCard } from './ops/cards.js';
import { payDeposit, recordLedgerEntry } from './ops/ledger.js';
import { addBlock } from './ops/blocks.js';
import { inTx, type PatronsCtx } from './ops/common.js';

export const DEMO_READER_PIN = '1234';

const REGIONS = ['330203', '330205', '330206', '330211', '330212']; // Ningbo: Haishu, Jiangbei, Beilun, Zhenhai, Yinzhou
const READERS: [string, string, string][] = [
  // name, group, birth date
  ['王晓明', 'adult', '19850314'],
  ['李娜', 'adult', '19900722'],
  ['张伟', 'adult', '19780101'],
  ['刘洋', 'adult', '19931130'],
  ['陈静', 'adult', '19880509'],
  ['杨帆', 'adult', '19950817'],
  ['赵磊', 'union', '19820203'],
  ['黄丽', 'union', '19870918'],
  ['周杰', 'adult', '19991225'],
  ['吴婷', 'adult', '20000606'],
  ['徐浩然', 'student', '20070410'],
  ['孙雨桐', 'student', '20080215'],
  ['胡子涵', 'child', '20160730'],
  ['朱一诺', 'child', '20171011'],
  ['高建国', 'senior', '19520801'],
  ['林秀英', 'senior', '19490312'],
  ['何思远', 'adult', '19910404'],
  ['郭晓燕', 'adult', '19841128'],
  ['马骏', 'adult', '19760620'],
  ['罗佳', 'adult', '19970909'],
];

/** A valid demo resident ID number for reader i (0-based). */
export function demoIdNumber(i: number): string {
  const [, , birth] = READERS[i];
  const first17 = `${REGIONS[i % REGIONS.length]}${birth}9${String(i).padStart(2, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

/** Loads the demo readers unless R0000001 exists. Answers how many were created. */
export async function loadDemoReaders(ctx: PatronsCtx, libraryIdsByCode: Record<string, string>): Promise<number> {
  if (await one(ctx.db, `SELECT 1 FROM patrons_card WHERE number = 'R0000001'`)) return 0;
  const libraries = Object.values(libraryIdsByCode);
  const actor = 'demo';
  return inTx(ctx, async (tx) => {
    const c = { ...ctx, db: tx };
    for (let i = 0; i < READERS.length; i++) {
      const [name, groupCode] = READERS[i];
      const n = i + 1;
      const barcode = `R${String(n).padStart(7, '0')}`;
      const p = await registerPatron(c, {
        name,
        idType: 'resident_id',
        idNumber: demoIdNumber(i),
        phone: `1380574${String(n).padStart(4, '0')}`,
        groupCode,
        homeLibraryId: libraries.length ? libraries[i % libraries.length] : null,
        pin: DEMO_READER_PIN,
        card: { kind: 'barcode', number: barcode },
        actor,
      });
      if (n === 7 || n === 8) await issueCard(c, { patronId: p.id, kind: 'union', number: `GH${String(n).padStart(7, '0')}`, actor });
      if (n === 11 || n === 12) await issueCard(c, { patronId: p.id, kind: 'e_student', number: `XS${String(n).padStart(7, '0')}`, actor });
      if (n <= 3) await payDeposit(c, { patronId: p.id, actor, note: 'demo' });
      if (n === 4) {
        await tx.query('UPDATE patrons_patron SET deposit_waived = true, credit_score = 720, credit_checked_at = $2 WHERE id = $1', [p.id, ctx.clock.now()]);
        await recordLedgerEntry(tx, { patronId: p.id, kind: 'deposit_waiver', amountFen: p.group.depositFen, at: ctx.clock.now(), actor, note: 'demo credit waiver' });
      }
      if (n === 5) {
        await addBlock(c, { patronId: p.id, reason: '图书损坏未赔偿 (damaged book not yet compensated)', actor });
        await recordLedgerEntry(tx, { patronId: p.id, kind: 'lost_fee', amountFen: 6800, at: ctx.clock.now(), actor, note: 'demo' });
      }
      const card = p.cards.find((x) => x.number === barcode)!;
      if (n === 19) {
        await reportCardLost(c, { cardId: card.id, actor });
        await replaceCard(c, { cardId: card.id, newNumber: `${barcode}B`, actor });
      }
      if (n === 20) await expireCard(c, { cardId: card.id, actor });
    }
    return READERS.length;
  });
}
