/**
 * A worker thread of the import: parses raw ISO 2709 records and prepares them (prepare.ts).
 * Receives one buffer per batch (transferred, not copied) with each record's offsets.
 */
import { parentPort } from 'node:worker_threads';
import { parseIso2709Record, type ReadOptions } from '../../../protocols/marc/index.js';
import { prepareForImport, type PrepareOptions, type Prepared } from './prepare.js';

export interface WorkerBatch {
  id: number;
  bytes: Uint8Array;
  /** [start, end) of each record in `bytes`, its position in the file, its byte offset. */
  bounds: Int32Array;
  positions: Int32Array;
  offsets: Float64Array;
  read: ReadOptions;
  prepare: PrepareOptions;
}

parentPort?.on('message', (b: WorkerBatch) => {
  const out: Prepared[] = [];
  const buf = Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  for (let i = 0; i < b.positions.length; i++) {
    const raw = buf.subarray(b.bounds[2 * i], b.bounds[2 * i + 1]);
    const parsed = parseIso2709Record(raw, b.read);
    const position = b.positions[i];
    const byteOffset = b.offsets[i];
    out.push(
      parsed.ok
        ? prepareForImport({ ok: true, record: parsed.record, position, byteOffset, byteLength: raw.length, warnings: [] }, b.prepare)
        : { ok: false, position, byteOffset, code: parsed.code, reason: `record ${position}: ${parsed.reason}` },
    );
  }
  parentPort!.postMessage({ id: b.id, out });
});
