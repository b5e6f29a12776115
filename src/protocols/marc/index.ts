/** The MARC codec: ISO 2709, MARCXML and MARC-in-JSON, MARC21 and CNMARC, in several character sets. */
export * from './types.js';
export type { ReadResult, RecordAccepted, RecordRejected, RejectCode, MarcWarning } from './read-result.js';
export { MarcWriteError } from './read-result.js';
export {
  readIso2709,
  readIso2709Stream,
  splitIso2709Stream,
  parseIso2709Record,
  splitRecords,
  writeIso2709,
  type ReadOptions,
  type ParseOutcome,
  type RawRecord,
  type WriteIso2709Options,
} from './iso2709.js';
export {
  readMarcXml,
  readMarcXmlStream,
  MarcXmlParser,
  writeMarcXml,
  writeMarcXmlCollection,
  marcXmlCollectionStart,
  marcXmlCollectionEnd,
  type MarcXmlWriteOptions,
} from './marcxml.js';
export {
  readMarcJson,
  readMarcJsonStream,
  fromMarcJson,
  toMarcJson,
  stringifyMarcJson,
  writeMarcJson,
  type MarcJsonRecord,
} from './marc-json.js';
export {
  decodeBytes,
  encodeString,
  detectEncoding,
  cnmarcDeclaredCharset,
  guessTextEncoding,
  type Encoding,
  type EncodingOption,
  type OutputEncoding,
} from './charset.js';
export { decodeMarc8 } from './marc8.js';
export { detectFlavour, flavourFromEvidence } from './flavour.js';
export { readMarc, sniffFormat, type MarcFormat, type MarcEncoding, type ReadMarcOptions } from './read-marc.js';
