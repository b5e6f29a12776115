/**
 * Exporting the catalog: every record (or a selection), streamed in id order in batches, as
 * ISO 2709 (UTF-8), MARCXML or MARC-in-JSON (one JSON object per line).
 */
import type { Db } from '../../kernel/db/pool.js';
import { unpackMarc, type PackedRecord } from './marc-storage.js';
import {
  writeIso2709, writeMarcXml, marcXmlCollectionStart, marcXmlCollectionEnd, toMarcJson, type MarcRecord,
} from '../../protocols/marc/index.js';

export type ExportFormat = 'iso2709' | 'marcxml' | 'marc-json';

export async function* exportRecords(db: Db, format: ExportFormat, opts: { batchSize?: number; includeGenerated?: boolean } = {}): AsyncGenerator<Buffer> {
  const batchSize = opts.batchSize ?? 1000;
  let after = '00000000-0000-0000-0000-000000000000';
  if (format === 'marcxml') yield Buffer.from(marcXmlCollectionStart());
  for (;;) {
    const r = await db.query<{ id: string; marc: PackedRecord }>(
      `SELECT id, marc FROM catalog_record WHERE id > $1 AND deleted_at IS NULL ${opts.includeGenerated === false ? 'AND NOT generated' : ''}
       ORDER BY id LIMIT $2`,
      [after, batchSize],
    );
    if (!r.rows.length) break;
    after = r.rows[r.rows.length - 1].id;
    const parts: Buffer[] = [];
    for (const row of r.rows) {
      const marc: MarcRecord = unpackMarc(row.marc);
      if (format === 'iso2709') parts.push(writeIso2709(marc));
      else if (format === 'marcxml') parts.push(Buffer.from(writeMarcXml(marc, { namespace: false, illegalChars: 'strip' }) + '\n'));
      else parts.push(Buffer.from(JSON.stringify(toMarcJson(marc)) + '\n'));
    }
    yield Buffer.concat(parts);
  }
  if (format === 'marcxml') yield Buffer.from(marcXmlCollectionEnd());
}
