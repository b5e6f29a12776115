/**
 * The CPU half of an import, per record: decode result -> derived fields, stored form, search
 * analysis and embedded items, with the record's database row and search row already written as
 * COPY lines in UTF-8 under a time-ordered id chosen here. Pure (no database), so it runs in
 * worker threads as well as here; what crosses back to the importer's thread is bytes and a few
 * small values, which cost little to hand over and nothing to encode again.
 */
import { timeOrderedId } from '../../../kernel/ids.js';
import type { MarcFlavour } from '../../../protocols/marc/types.js';
import type { ReadResult } from '../../../protocols/marc/index.js';
import { prepareRecord, serializeRecord, type SerializedRecord } from '../store.js';
import { serializeDocument, type SerializedDocument } from '../../search/index.js';
import { extractItems, defaultMapping, type EmbeddedItem, type HoldingsMapping } from './holdings-mapping.js';

export interface PrepareOptions {
  flavour?: MarcFlavour;
  source?: string;
  generated?: boolean;
  holdings?: HoldingsMapping | 'default' | 'none';
}

export type Prepared =
  | { ok: true; position: number; byteOffset?: number; record: SerializedRecord; document: SerializedDocument; embedded: EmbeddedItem[] }
  | { ok: false; position: number; byteOffset?: number; code: string; reason: string; controlNumber?: string | null };

export function prepareForImport(r: ReadResult, opts: PrepareOptions): Prepared {
  if (!r.ok) return { ok: false, position: r.position, byteOffset: r.byteOffset, code: r.code, reason: r.reason };
  try {
    const prepared = prepareRecord({ marc: r.record, flavour: opts.flavour, source: opts.source, generated: opts.generated });
    if (!prepared.derived.title) {
      return { ok: false, position: r.position, byteOffset: r.byteOffset, code: 'NO_TITLE', reason: 'The record has no title (MARC21 245 / CNMARC 200 $a).', controlNumber: prepared.derived.controlNumber };
    }
    const mapping = opts.holdings === 'none' ? null : !opts.holdings || opts.holdings === 'default' ? defaultMapping(prepared.flavour) : opts.holdings;
    return {
      ok: true,
      position: r.position,
      byteOffset: r.byteOffset,
      record: serializeRecord(prepared, timeOrderedId()),
      document: serializeDocument(prepared.derived),
      embedded: mapping ? extractItems(r.record, mapping) : [],
    };
  } catch (err) {
    return { ok: false, position: r.position, byteOffset: r.byteOffset, code: 'UNREADABLE_RECORD', reason: (err as Error).message };
  }
}
