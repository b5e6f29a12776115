/**
 * /api/imports: a cataloguer sends a MARC file (the bytes as the body), the import runs in the
 * background in this process, and its progress (bytes read, records created, updated, rejected)
 * is written to catalog_import after every batch so any process can answer GET /api/imports/:id.
 * The rejects report (position, byte offset, code, reason) is GET /api/imports/:id/rejects.
 */
import { z } from 'zod';
import type pg from 'pg';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireLibraryScope, requireStaff, staffPrincipal } from '../../kernel/auth.js';
import { BadRequest, NotFound } from '../../kernel/errors.js';
import { one } from '../../kernel/db/pool.js';
import { getLibrary } from '../consortium/index.js';
import { importMarc, type ImportOptions, type ImportProgress, type Reject } from './import/import-marc.js';
import { libraryResolver } from './libraries.js';

const tags = ['catalog'];
const security = [{ bearer: [] }];
const IdParams = z.object({ id: z.uuid() });
/** A running import whose heartbeat is older than this died with its process. */
const STALE_MS = 10 * 60_000;
const MAX_BYTES = 256 * 1024 * 1024;
const PROGRESS_EVERY_MS = 250;

const ImportQuery = z.object({
  format: z.enum(['auto', 'iso2709', 'marcxml', 'marc-json']).default('auto'),
  encoding: z.enum(['auto', 'utf8', 'marc8', 'gb18030', 'latin1']).default('auto'),
  match: z.enum(['control-number-then-isbn', 'control-number', 'isbn', 'none']).default('control-number-then-isbn'),
  holdings: z.enum(['default', 'none']).default('default'),
  /** The library (id or code) that owns embedded items naming no known library. */
  library: z.string().min(1).max(64).optional(),
  name: z.string().max(255).optional(),
});

export const ImportDto = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  fileName: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  totalBytes: z.number(),
  bytes: z.number(),
  /** 0..1 of the file read. */
  progress: z.number(),
  read: z.number(),
  created: z.number(),
  updated: z.number(),
  rejected: z.number(),
  itemsCreated: z.number(),
  itemsUpdated: z.number(),
  warnings: z.number(),
  /** The first rejects (the full report is /rejects). */
  rejects: z.array(z.object({ position: z.number(), byteOffset: z.number().nullable(), code: z.string(), reason: z.string(), controlNumber: z.string().nullable() })),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

interface ImportRow {
  id: string; status: 'running' | 'done' | 'failed'; file_name: string | null; options: Record<string, unknown>; total_bytes: string; bytes: string;
  read: number; created: number; updated: number; rejected: number; items_created: number; items_updated: number; rejects: Reject[];
  warnings: Reject[]; error: string | null; started_at: Date; heartbeat_at: Date; finished_at: Date | null;
}

function toImportDto(r: ImportRow, now: Date, rejectsShown = 50): z.infer<typeof ImportDto> {
  const total = Number(r.total_bytes);
  const status: z.infer<typeof ImportDto>['status'] = r.status === 'running' && now.getTime() - r.heartbeat_at.getTime() > STALE_MS ? 'interrupted' : r.status;
  return {
    id: r.id, status, fileName: r.file_name, options: r.options, totalBytes: total, bytes: Number(r.bytes),
    progress: r.status === 'done' ? 1 : total ? Math.min(1, Number(r.bytes) / total) : 0,
    read: r.read, created: r.created, updated: r.updated, rejected: r.rejected, itemsCreated: r.items_created, itemsUpdated: r.items_updated,
    warnings: r.warnings.length,
    rejects: r.rejects.slice(0, rejectsShown).map((x) => ({ position: x.position, byteOffset: x.byteOffset ?? null, code: x.code, reason: x.reason, controlNumber: x.controlNumber ?? null })),
    error: r.error, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

async function getImport(db: pg.Pool, id: string): Promise<ImportRow> {
  const r = await one<ImportRow>(db, 'SELECT * FROM catalog_import WHERE id = $1', [id]);
  if (!r) throw new NotFound('IMPORT_NOT_FOUND', `No import ${id}.`);
  return r;
}

/** Runs the import, writing progress at most every PROGRESS_EVERY_MS (one write at a time). */
async function runImport(ctx: AppContext, id: string, file: Buffer, opts: ImportOptions): Promise<void> {
  let last = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = (p: ImportProgress) => {
    writing = writing.then(() => ctx.db.query(
      `UPDATE catalog_import SET bytes = $2, read = $3, created = $4, updated = $5, rejected = $6, heartbeat_at = $7 WHERE id = $1 AND status = 'running'`,
      [id, p.bytes, p.read, p.created, p.updated, p.rejected, ctx.clock.now()],
    )).catch((err) => ctx.log.warn({ err, importId: id }, 'import progress not saved'));
  };
  try {
    const sum = await importMarc(ctx.db, file, {
      ...opts,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        write(p);
      },
    });
    await writing;
    await ctx.db.query(
      `UPDATE catalog_import SET status = 'done', bytes = $2, read = $3, created = $4, updated = $5, rejected = $6, items_created = $7,
         items_updated = $8, rejects = $9, warnings = $10, heartbeat_at = $11, finished_at = $11 WHERE id = $1`,
      [id, file.length, sum.read, sum.created, sum.updated, sum.rejected, sum.itemsCreated, sum.itemsUpdated, JSON.stringify(sum.rejects), JSON.stringify(sum.warnings), ctx.clock.now()],
    );
  } catch (err) {
    await writing;
    ctx.log.error({ err, importId: id }, 'import failed');
    await ctx.db.query(
      `UPDATE catalog_import SET status = 'failed', error = $2, heartbeat_at = $3, finished_at = $3 WHERE id = $1`,
      [id, (err as Error).message.slice(0, 2000), ctx.clock.now()],
    ).catch(() => undefined);
  }
}

/** The rejects report as text: one line per reject or warning, tab separated. */
function rejectsText(r: ImportRow): string {
  const line = (kind: string, x: Reject) => [kind, x.position, x.byteOffset ?? '', x.code, x.controlNumber ?? '', x.reason.replace(/[\t\r\n]+/g, ' ')].join('\t');
  return [
    `# ${r.file_name ?? r.id}: ${r.read} read, ${r.created} created, ${r.updated} updated, ${r.rejected} rejected`,
    ['kind', 'position', 'byteOffset', 'code', 'controlNumber', 'reason'].join('\t'),
    ...r.rejects.map((x) => line('reject', x)),
    ...r.warnings.map((x) => line('warning', x)),
  ].join('\n') + '\n';
}

export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  const guard = requireStaff(ctx, 'catalog.import');
  app.addContentTypeParser(['application/octet-stream', 'application/marc', 'application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post('/api/imports', {
    preHandler: guard,
    schema: {
      tags, security, querystring: ImportQuery, response: { 202: ImportDto },
      summary: 'Import a MARC file (send the file itself as application/octet-stream); answers at once, poll GET /api/imports/:id',
    },
  }, async (req, reply) => {
    const p = await staffPrincipal(ctx, req);
    if (!Buffer.isBuffer(req.body) || !req.body.length) throw new BadRequest('EMPTY_FILE', 'Send the MARC file as the request body (application/octet-stream).');
    const q = req.query;
    let defaultLibraryId: string | null = null;
    if (q.library) {
      defaultLibraryId = (await getLibrary(ctx, q.library)).id;
      requireLibraryScope(p, defaultLibraryId);
    }
    const options = { format: q.format, encoding: q.encoding, match: q.match, holdings: q.holdings, library: defaultLibraryId };
    const row = await one<ImportRow>(ctx.db,
      `INSERT INTO catalog_import (file_name, options, total_bytes, started_by, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
      [q.name ?? null, JSON.stringify(options), req.body.length, `staff:${p.userId}`, ctx.clock.now()]);
    const file = req.body;
    const libraries = q.holdings === 'none' ? undefined : await libraryResolver(ctx.db);
    // not awaited: the import outlives the request; it records its own failure
    void runImport(ctx, row!.id, file, {
      format: q.format, encoding: q.encoding, match: q.match, holdings: q.holdings, libraries, defaultLibraryId,
      source: `import:${(q.name ?? 'upload').slice(0, 100)}`,
    });
    reply.status(202);
    return toImportDto(row!, ctx.clock.now());
  });

  app.get('/api/imports', {
    preHandler: guard,
    schema: { tags, security, summary: 'The latest imports', querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.object({ items: z.array(ImportDto) }) } },
  }, async (req) => {
    const rows = (await ctx.db.query<ImportRow>('SELECT * FROM catalog_import ORDER BY started_at DESC LIMIT $1', [req.query.limit])).rows;
    return { items: rows.map((r) => toImportDto(r, ctx.clock.now(), 0)) };
  });

  app.get('/api/imports/:id', {
    preHandler: guard, schema: { tags, security, summary: 'An import\'s progress and result', params: IdParams, response: { 200: ImportDto } },
  }, async (req) => toImportDto(await getImport(ctx.db, req.params.id), ctx.clock.now()));

  app.get('/api/imports/:id/rejects', {
    preHandler: guard, schema: { tags, security, summary: 'The rejects report (tab-separated text)', params: IdParams },
  }, async (req, reply) => {
    const r = await getImport(ctx.db, req.params.id);
    const base = (r.file_name ?? 'import').replace(/[^\w.-]+/g, '_');
    reply.header('content-type', 'text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${base}.rejects.txt"`);
    return reply.send(rejectsText(r));
  });
}
