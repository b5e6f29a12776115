/**
 * What every MARC reader (ISO 2709, MARCXML, MARC-in-JSON) yields per record: a record, or the
 * reason it was refused. Readers never throw on bad data; one bad record never stops the rest.
 */
import type { Encoding } from './charset.js';
import type { MarcRecord } from './types.js';

export type RejectCode =
  | 'BAD_LEADER'
  | 'BAD_RECORD_LENGTH'
  | 'LENGTH_MISMATCH'
  | 'MISSING_RECORD_TERMINATOR'
  | 'BAD_BASE_ADDRESS'
  | 'BAD_DIRECTORY'
  | 'DIRECTORY_OUT_OF_BOUNDS'
  | 'NO_FIELDS'
  | 'MISSING_FIELD_TERMINATOR'
  | 'INVALID_UTF8'
  | 'BAD_SUBFIELD_CODE'
  | 'CONTROL_CHARACTER'
  | 'BAD_TAG'
  | 'XML_ERROR'
  | 'BAD_STRUCTURE'
  | 'BAD_JSON';

/** Something repaired or doubtful in an accepted record. */
export interface MarcWarning {
  code:
    | 'BAD_INDICATOR'
    | 'MISSING_INDICATORS'
    | 'BAD_TAG'
    | 'MISSING_SUBFIELD_DELIMITER'
    | 'EMPTY_SUBFIELD'
    | 'DATA_BEFORE_SUBFIELD'
    | 'CONTROL_FIELD_WITH_SUBFIELDS'
    | 'BAD_MARC8_ESCAPE'
    | 'UNMAPPED_MARC8'
    | 'CHARSET_MISMATCH'
    | 'INVALID_UTF8_REPLACED'
    | 'BAD_LEADER';
  message: string;
  tag?: string;
}

export interface RecordAccepted {
  ok: true;
  record: MarcRecord;
  /** 1-based number of the record in its input, counting rejected ones. */
  position: number;
  /** Offset of the record's first byte (ISO 2709); a character offset for XML/NDJSON; -1 if unknown. */
  byteOffset: number;
  /** Bytes the record occupies in its input (ISO 2709 only). */
  byteLength?: number;
  warnings: MarcWarning[];
  /** The character set the record was decoded from (ISO 2709 only). */
  encoding?: Encoding;
}

export interface RecordRejected {
  ok: false;
  position: number;
  byteOffset: number;
  byteLength?: number;
  code: RejectCode;
  /** A sentence for a cataloguer: what is wrong and where. */
  reason: string;
  /** The record's raw bytes (ISO 2709), kept so that an import can save it for repair. */
  raw?: Buffer;
}

export type ReadResult = RecordAccepted | RecordRejected;

/** Thrown by writers on a record that cannot be written (readers never throw). */
export class MarcWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarcWriteError';
  }
}
