/** Catalog: bibliographic records (MARC is the source of truth) and their derived fields. */
export { derive, guessFlavour, type Derived, type MaterialType } from './derive.js';
export { getRecord, getRecords, recordLabels, recordLabelStep, type RecordLabel, saveRecord, deleteRecord, reindexRecords, type BibRecord } from './records.js';
export { prepareRecord, storeRecords, matchExisting, type MatchPolicy, type RecordInput } from './store.js';
export { importMarc, type ImportOptions, type ImportSummary, type Reject, type LibraryResolver } from './import/import-marc.js';
export { KOHA_952, CNMARC_905, type HoldingsMapping } from './import/holdings-mapping.js';
export { exportRecords, type ExportFormat } from './export.js';
export { libraryResolver } from './libraries.js';
export { generateChineseRecord, varyWesternRecord, isbnFor, prng } from './generator.js';
