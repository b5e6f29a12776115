/**
 * Importing MARC files of any size: stream -> decode -> derive -> match -> store records, items
 * and search documents, one transaction per batch. A bad record is reported with its position and
 * reason and the rest import; a batch that the database refuses is retried record by record so
 * only the guilty record is rejected. Each committed batch stays committed, and re-running a
 * killed import matches what is already there (001, ISBN, content hash) and updates it.
 */
import type pg from 'pg';
import { withTransaction, type Tx } from '../../../kernel/db/pool.js';
import type { MarcFlavour } from '../../../protocols/marc/types.js';
import { cpus } from 'node:os';
import { readMarc, sniffFormat, splitIso2709Stream, type MarcFormat, type MarcEncoding, type RawRecord } from '../../../protocols/marc/index.js';
import { storeSerializedRecords, matchExisting, type MatchPolicy, type SerializedRecord } from '../store.js';
import type { EmbeddedItem, HoldingsMapping } from './holdings-mapping.js';
import { loadItems, holdingsSummary, analyzeItems, type ItemInput, type HoldingsSummary } from '../../inventory/index.js';
import { indexSerializedDocuments, analyzeIndex, type SerializedDocument } from '../../search/index.js';
import { prepareForImport, type Prepared } from './prepare.js';
import { PreparePool } from './prepare-pool.js';

export interface LibraryResolver {
  library(code: string): string | null;
  location(libraryId: string, code: string): string | null;
}

export interface ImportOptions {
  format?: MarcFormat | 'auto';
  encoding?: MarcEncoding;
  flavour?: MarcFlavour;
  match?: MatchPolicy;
  /** Embedded items: a mapping, 'default' (952 / 905 by flavour), or 'none'. */
  holdings?: HoldingsMapping | 'default' | 'none';
  libraries?: LibraryResolver;
  /** Used when an embedded item names no (known) library. */
  defaultLibraryId?: string | null;
  defaultItemType?: string;
  batchSize?: number;
  /** Transactions writing batches at once (default 2). */
  writers?: number;
  /**
   * Worker threads parsing and analysing ISO 2709 records (default: cores - 1 for files over
   * 4 MB; 0 = all in this thread). Small inputs are not worth a thread's start-up.
   */
  threads?: number;
  source?: string;
  generated?: boolean;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  read: number;
  bytes: number;
  created: number;
  updated: number;
  rejected: number;
}

export interface Reject {
  /** 1-based position of the record in the file. */
  position: number;
  byteOffset?: number;
  code: string;
  reason: string;
  controlNumber?: string | null;
}

export interface ImportSummary extends ImportProgress {
  itemsCreated: number;
  itemsUpdated: number;
  rejects: Reject[];
  warnings: Reject[];
}

interface Pending {
  position: number;
  byteOffset?: number;
  record: SerializedRecord;
  document: SerializedDocument;
  embedded: EmbeddedItem[];
}

/** Read the first chunk to learn the format, then hand on a source that still yields it. */
async function peek(source: AsyncIterable<Buffer> | Buffer): Promise<{ head: Buffer; source: AsyncIterable<Buffer> | Buffer }> {
  if (Buffer.isBuffer(source)) return { head: source.subarray(0, 64), source };
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  return {
    head,
    source: (async function* () {
      if (!first.done) yield first.value;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    })(),
  };
}

export async function importMarc(pool: pg.Pool, source: AsyncIterable<Buffer> | Buffer, opts: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 500;
  const sum: ImportSummary = { read: 0, bytes: 0, created: 0, updated: 0, rejected: 0, itemsCreated: 0, itemsUpdated: 0, rejects: [], warnings: [] };
  let batch: Pending[] = [];
  // Batches are written by up to `writers` transactions at once while the next batch is parsed
  // and analysed, so the database and this process keep both cores busy. Two batches that share
  // a key (001, ISBN, content, barcode) never run together: the later waits, so a repeated
  // record still updates its first copy instead of racing it.
  const writers = Math.max(1, opts.writers ?? 2);
  const running = new Map<Promise<void>, Set<string>>();
  let failure: unknown = null;
  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    const keys = batchKeys(current);
    for (;;) {
      if (failure) {
        // Stop cleanly: what is running finishes (commits or rolls back) before we report.
        await Promise.allSettled(running.keys());
        throw failure;
      }
      const blockers = [...running.entries()].filter(([, k]) => overlaps(k, keys)).map(([p]) => p);
      if (running.size < writers && !blockers.length) break;
      await Promise.race(blockers.length ? blockers : running.keys());
    }
    const p: Promise<void> = write(current).then(
      () => void running.delete(p),
      (err) => {
        running.delete(p);
        failure ??= err;
      },
    );
    running.set(p, keys);
  };
  const write = async (current: Pending[]) => {
    const apply = (r: BatchResult) => {
      sum.created += r.created;
      sum.updated += r.updated;
      sum.itemsCreated += r.itemsCreated;
      sum.itemsUpdated += r.itemsUpdated;
      sum.warnings.push(...r.warnings);
    };
    try {
      apply(await withTransaction(pool, (tx) => writeBatch(tx, current, opts)));
    } catch {
      // Find the record the database refused; the others still import.
      for (const one of current) {
        try {
          apply(await withTransaction(pool, (tx) => writeBatch(tx, [one], opts)));
        } catch (err) {
          sum.rejected++;
          sum.rejects.push({ position: one.position, byteOffset: one.byteOffset, code: 'DATABASE_REFUSED', reason: (err as Error).message, controlNumber: one.record.controlNumber });
        }
      }
    }
    opts.onProgress?.({ read: sum.read, bytes: sum.bytes, created: sum.created, updated: sum.updated, rejected: sum.rejected });
  };

  const take = async (p: Prepared, byteLength: number) => {
    sum.read++;
    if (p.byteOffset !== undefined && p.byteOffset >= 0) sum.bytes = p.byteOffset + byteLength;
    if (!p.ok) {
      sum.rejected++;
      sum.rejects.push({ position: p.position, byteOffset: p.byteOffset, code: p.code, reason: p.reason, controlNumber: p.controlNumber });
      return;
    }
    batch.push({ position: p.position, byteOffset: p.byteOffset, record: p.record, document: p.document, embedded: p.embedded });
    if (batch.length >= batchSize) await flush();
  };
  const prep = { flavour: opts.flavour, source: opts.source, generated: opts.generated, holdings: opts.holdings };
  const peeked = await peek(source);
  const format = !opts.format || opts.format === 'auto' ? sniffFormat(peeked.head) : opts.format;
  const big = !Buffer.isBuffer(source) || source.length > 4 << 20;
  const threads = opts.threads ?? (big ? Math.max(1, cpus().length - 1) : 0);

  if (format === 'iso2709' && threads > 0) {
    // Parsing and analysis in worker threads; up to two batches per thread in flight, taken
    // back in file order.
    const pool = new PreparePool(threads, { encoding: opts.encoding ?? 'auto' }, prep);
    const inFlight: { done: Promise<Prepared[]>; lengths: number[] }[] = [];
    const drainOne = async () => {
      const next = inFlight.shift()!;
      const out = await next.done;
      for (let i = 0; i < out.length; i++) await take(out[i], next.lengths[i]);
    };
    try {
      let raws: { raw: RawRecord; position: number }[] = [];
      let position = 0;
      const send = () => {
        // Views into the reader's chunk must be copied before the stream reuses it: run() copies.
        const done = pool.run(raws);
        done.catch(() => undefined);
        inFlight.push({ done, lengths: raws.map((r) => r.raw.bytes.length) });
        raws = [];
      };
      const src = Buffer.isBuffer(peeked.source) ? [peeked.source] : peeked.source;
      for await (const raw of splitIso2709Stream(src)) {
        raws.push({ raw, position: ++position });
        if (raws.length >= batchSize) {
          send();
          while (inFlight.length > threads * 2) await drainOne();
        }
      }
      if (raws.length) send();
      while (inFlight.length) await drainOne();
    } finally {
      await pool.close();
    }
  } else {
    for await (const r of readMarc(peeked.source, { format, encoding: opts.encoding ?? 'auto' })) {
      await take(prepareForImport(r, prep), r.byteLength ?? 0);
    }
  }
  await flush();
  await Promise.all(running.keys());
  if (failure) throw failure;
  // A large load changes what is common and what is rare: refresh the planner's statistics now
  // rather than whenever autovacuum gets to it.
  if (sum.created >= 5000) {
    await pool.query('ANALYZE catalog_record');
    await analyzeItems(pool);
    await analyzeIndex(pool);
  }
  return sum;
}

function summarize(items: ItemInput[]): Map<string, HoldingsSummary> {
  const out = new Map<string, HoldingsSummary>();
  for (const i of items) {
    let h = out.get(i.recordId);
    if (!h) out.set(i.recordId, (h = { recordId: i.recordId, libraries: [], availableLibraries: [], itemCount: 0 }));
    h.itemCount++;
    if (!h.libraries.includes(i.libraryId)) h.libraries.push(i.libraryId);
    if ((i.status ?? 'available') === 'available' && !h.availableLibraries.includes(i.libraryId)) h.availableLibraries.push(i.libraryId);
  }
  for (const h of out.values()) {
    h.libraries.sort();
    h.availableLibraries.sort();
  }
  return out;
}

function batchKeys(batch: Pending[]): Set<string> {
  const keys = new Set<string>();
  for (const p of batch) {
    const r = p.record;
    if (r.controlNumber) keys.add(`c:${r.controlNumber}`);
    for (const i of r.isbns) keys.add(`i:${i}`);
    keys.add(`h:${r.hash}`);
  }
  return keys;
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return true;
  return false;
}

interface BatchResult {
  created: number;
  updated: number;
  itemsCreated: number;
  itemsUpdated: number;
  warnings: Reject[];
}

async function writeBatch(tx: Tx, all: Pending[], opts: ImportOptions): Promise<BatchResult> {
  // Bulk loading: let GIN indexes collect more new entries before merging them into the tree
  // (fewer, larger merges); autovacuum folds the rest in afterwards.
  await tx.query(`SET LOCAL gin_pending_list_limit = '32MB'`);
  // A record repeated within one batch (same 001 or same content) is written after the first
  // copy, so that it matches and updates it instead of duplicating it.
  const seen = new Set<string>();
  const pending: Pending[] = [];
  const repeats: Pending[] = [];
  for (const p of all) {
    const key = p.record.controlNumber ? `cn:${p.record.controlNumber}` : `h:${p.record.hash}`;
    (seen.has(key) ? repeats : pending).push(p);
    seen.add(key);
  }
  const matched = await matchExisting(tx, pending.map((p) => p.record), opts.match ?? 'control-number-then-isbn');
  // Rows come serialised from prepare.ts under a new id; a matched record keeps its own id.
  await storeSerializedRecords(tx, pending.map((p, i) => ({ record: p.record, matchedId: matched[i] })));
  const ids = pending.map((p, i) => matched[i] ?? p.record.id);
  const created = matched.filter((m) => !m).length;
  const warnings: Reject[] = [];

  const items: ItemInput[] = [];
  for (let i = 0; i < pending.length; i++) {
    for (const e of pending[i].embedded) {
      const libraryId = (e.libraryCode && opts.libraries?.library(e.libraryCode)) || opts.defaultLibraryId || null;
      if (!libraryId) {
        warnings.push({ position: pending[i].position, code: 'ITEM_LIBRARY_UNKNOWN', reason: `Item ${e.barcode}: library "${e.libraryCode ?? ''}" is not in the network; item skipped.` });
        continue;
      }
      if (!/^[A-Za-z0-9._-]{1,40}$/.test(e.barcode)) {
        warnings.push({ position: pending[i].position, code: 'ITEM_BARCODE_INVALID', reason: `Item barcode "${e.barcode}" is not a valid barcode; item skipped.` });
        continue;
      }
      items.push({
        barcode: e.barcode,
        recordId: ids[i],
        libraryId,
        locationId: e.locationCode ? opts.libraries?.location(libraryId, e.locationCode) ?? null : null,
        callNumber: e.callNumber,
        itemType: e.itemType ?? opts.defaultItemType ?? 'book',
        priceFen: e.priceFen,
        volume: e.volume,
        copyNumber: e.copyNumber,
        publicNote: e.note,
      });
    }
  }
  const itemResult = await loadItems(tx, items);
  // New records hold exactly the items just written: no need to ask the database.
  const holdings = created === pending.length ? summarize(items) : await holdingsSummary(tx, ids);
  await indexSerializedDocuments(tx, pending.map((p, i) => ({ recordId: ids[i], created: !matched[i], document: p.document, holdings: holdings.get(ids[i]) ?? null })));
  const result: BatchResult = { created, updated: pending.length - created, itemsCreated: itemResult.created, itemsUpdated: itemResult.updated, warnings };
  if (repeats.length) {
    const more = await writeBatch(tx, repeats, opts);
    result.created += more.created;
    result.updated += more.updated;
    result.itemsCreated += more.itemsCreated;
    result.itemsUpdated += more.itemsUpdated;
    result.warnings.push(...more.warnings);
  }
  return result;
}
