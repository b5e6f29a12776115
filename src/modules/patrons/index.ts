/**
 * The patrons module: readers, groups, cards, PINs, the money ledger, credit waivers, blocks,
 * reader sessions. Other modules import only from here.
 *
 * Operations take a PatronsCtx: an AppContext, or `{ ...ctx, db: tx }` to run inside the
 * caller's transaction. Identity data leaves this module only masked.
 */
export { patronRoutes } from './routes.js';
export { meRoutes, registerMeSection, readerPrincipal, type MeSection } from './me-routes.js';
export { listGroups, groupByCode, type PatronsCtx, type Patron, type Card, type ReaderGroup } from './ops/common.js';
export { registerPatron, getPatron, findPatronByIdNumber, updatePatron, revealIdNumber, type NewPatron, type PatronChanges } from './ops/register.js';
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
export { borrowerByCard, borrowerById, patronNames, type Borrower } from './ops/borrower.js';
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
export { isValidResidentId, gb11643CheckChar, maskIdNumber, maskPhone, ID_TYPES, type IdType } from './rules/identity.js';
export { patronLogin, patronLogout, resolveReaderCredential, READER_TOKEN_PREFIX } from './ops/sessions.js';
export { loadDemoReaders, DEMO_READER_PIN } from './demo.js';
