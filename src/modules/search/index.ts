/** Search: Chinese-first analysis, the index, and the engine. Other modules use only this file. */
export { indexRecords, removeFromIndex, refreshAvailability, analyzeRecord, analyzeIndex, serializeDocument, indexSerializedDocuments, type IndexInput, type SerializedDocument } from './indexer.js';
export type { AnalyzedDocument } from './analysis/document.js';
export { search, type SearchRequest, type SearchResult, type SearchSort, EXACT_CAP } from './engine.js';
export { extractIdentifierKeys, identifierKey, isbnForms } from './analysis/isbn.js';
export { sortKey } from './analysis/analyze.js';
export { compileSearch } from './query/compile.js';
export { registerSearchHandlers } from './availability.js';
