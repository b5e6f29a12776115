/**
 * The patrons module: readers, groups, cards, PINs, the money ledger, credit waivers, blocks,
 * reader sessions. Other modules import only from here.
 *
 * Operations take a PatronsCtx: an AppContext, or `{ ...ctx, db: tx }` to run inside the
 * caller's transaction. Identity data leaves this module only masked.
 */
import type { Db } from '../../kernel/db/pool.js';
export { patronRoutes } from './routes.js';
export { meRoutes, registerMeSection, readerPrincipal, type MeSection } from './me-routes.js';
export { listGroups, groupByCode, type PatronsCtx, type Patron, type Card, type ReaderGroup } from './ops/common.js';
export { registerPatron, getPatron, findPatronByIdNumber, updatePatron, revealIdNumber, noticeContacts, type NewPatron, type PatronChanges } from './ops/register.js';
export {
  issueCard,
  replaceCard,
  reportCardLost,
  renewCard,
  expireCard,
  findPatronByCard,
  resolveCard,
  qrTokenForPatron,
  normalizeCardNumber,
  type NewCard,
  type CardMatch,
} from './ops/cards.js';
export { mergePatrons } from './ops/merge.js';
export { borrowerByCard, borrowerByCardStep, LOCKED_READER, borrowerById, patronNames, type Borrower } from './ops/borrower.js';
export { setPin, verifyPin, PIN_LOCKOUT, type PinCheck } from './ops/pin.js';
export {
  recordLedgerEntry,
  balance,
  listLedger,
  payDeposit,
  refundDeposit,
  payFees,
  LEDGER_KINDS,
  type LedgerKind,
  type LedgerEntry,
  type LedgerEntryInput,
  type Balance,
  type MoneyInput,
} from './ops/ledger.js';
export { applyCreditWaiver, waiveQualifiedDeposits, type WaiverResult } from './ops/credit-waiver.js';
export { allowListCreditProvider, configureCredit, creditPolicy, type CreditProvider, type CreditPolicy, type CreditSubject, type CreditResult } from './credit.js';
export { addBlock, removeBlock, listBlocks, patronStatus, type Block, type PatronStatus } from './ops/blocks.js';
export { automaticBlocks, DEFAULT_BLOCK_LIMITS, type BlockFacts, type BlockLimits } from './rules/blocks.js';
export { cardRefusal, type CardKind, type CardStatus } from './rules/cards.js';
export { isValidResidentId, gb11643CheckChar, maskIdNumber, maskPhone, maskEmail, ID_TYPES, type IdType } from './rules/identity.js';
export { patronLogin, patronLogout, resolveReaderCredential, READER_TOKEN_PREFIX } from './ops/sessions.js';
export { loadDemoReaders, DEMO_READER_PIN } from './demo.js';

/**
 * For statistics: new cards (办证) per local day and library in [from, to): physical, union and
 * e-student cards issued, not replacements of a lost card (the virtual QR card comes with every
 * registration and is not counted twice). A card issued nowhere in particular counts for the
 * reader's home library.
 */
export async function cardsIssuedDaily(db: Db, q: { from: Date; to: Date; timeZone: string; libraryIds: string[] }): Promise<{ day: string; libraryId: string; newCards: number }[]> {
  const r = await db.query<{ day: string; libraryId: string; newCards: number }>(
    `SELECT to_char((c.issued_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS day, coalesce(c.library_id, p.home_library_id) AS "libraryId", count(*)::int AS "newCards"
     FROM patrons_card c JOIN patrons_patron p ON p.id = c.patron_id
     WHERE c.issued_at >= $1 AND c.issued_at < $2 AND c.kind <> 'virtual'
       AND NOT EXISTS (SELECT 1 FROM patrons_card o WHERE o.replaced_by = c.id)
       AND coalesce(c.library_id, p.home_library_id) = ANY($4::uuid[])
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.from, q.to, q.timeZone, q.libraryIds],
  );
  return r.rows;
}
