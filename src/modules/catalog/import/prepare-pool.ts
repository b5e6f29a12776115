/**
 * Worker threads that parse and prepare ISO 2709 records for the importer, so that this thread
 * only talks to the database. Batches come back in the order they were sent.
 */
import { Worker } from 'node:worker_threads';
import type { RawRecord, ReadOptions } from '../../../protocols/marc/index.js';
import type { PrepareOptions, Prepared } from './prepare.js';
import type { WorkerBatch } from './prepare-worker.js';

export class PreparePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (p: Prepared[]) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private failed: unknown = null;

  constructor(size: number, private readonly read: ReadOptions, private readonly prepare: PrepareOptions) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL('./prepare-worker.mjs', import.meta.url));
      w.on('message', (m: { id: number; out: Prepared[] }) => {
        this.waiting.get(m.id)?.resolve(m.out);
        this.waiting.delete(m.id);
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => code !== 0 && this.fail(new Error(`import worker stopped (exit code ${code})`)));
      return w;
    });
  }

  private fail(err: unknown): void {
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Parse and prepare one batch of raw records (positions are 1-based record numbers). */
  run(raws: { raw: RawRecord; position: number }[]): Promise<Prepared[]> {
    if (this.failed) return Promise.reject(this.failed);
    const total = raws.reduce((n, r) => n + r.raw.bytes.length, 0);
    const bytes = new Uint8Array(total);
    const bounds = new Int32Array(raws.length * 2);
    const positions = new Int32Array(raws.length);
    const offsets = new Float64Array(raws.length);
    let at = 0;
    raws.forEach((r, i) => {
      bytes.set(r.raw.bytes, at);
      bounds[2 * i] = at;
      at += r.raw.bytes.length;
      bounds[2 * i + 1] = at;
      positions[i] = r.position;
      offsets[i] = r.raw.byteOffset;
    });
    const id = this.nextId++;
    const batch: WorkerBatch = { id, bytes, bounds, positions, offsets, read: this.read, prepare: this.prepare };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage(batch, [bytes.buffer, bounds.buffer, positions.buffer, offsets.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
