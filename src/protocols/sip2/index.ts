/**
 * Tianyi's SIP2 v2.00 codec: pure functions, text or bytes in, typed messages out (and back).
 * No I/O and no circulation logic: the SIP2 server adapts these to module operations.
 */
export type * from './messages.js';
export { parse, parseBytes, type ParseResult, type ParseOptions, type ParseErrorCode } from './parse.js';
export { format, formatBytes, type FormatOptions } from './format.js';
export { checksum, stringChecksum, verifyLineChecksum, hex4 } from './checksum.js';
export { encodeLine, decodeLine, isCharset, CHARSETS, type Charset } from './charset.js';
export { SIP2_DATE, SIP2_DATE_LENGTH, BLANK_SIP2_DATE, formatSip2Date, parseSip2Date, isSip2Date } from './date.js';
export * from './constants.js';
export { SPECS, specFor, type MessageSpec, type FixedDef, type FixedKind } from './specs.js';
export { FIELDS, FIELD_BY_ID, type FieldDef, type FieldKind } from './fields.js';
