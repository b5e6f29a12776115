/**
 * /api/bibs: records with their items and availability; creating and replacing records (MARC in
 * JSON) for cataloguers. A saved record is searchable when the request returns.
 */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { requireStaff } from '../../kernel/auth.js';
import { listLibraries } from '../consortium/index.js';
import { itemsOfRecords } from '../inventory/index.js';
import { getRecord, saveRecord, deleteRecord } from './records.js';
import { BibDto, MarcDto, toBibDto, type LibraryNames } from './dto.js';
import { BadRequest, Conflict } from '../../kernel/errors.js';

const tags = ['catalog'];
const IdParams = z.object({ id: z.uuid() });

export async function libraryNames(ctx: AppContext): Promise<LibraryNames> {
  const libs = await listLibraries(ctx.db, {});
  return new Map(libs.map((l) => [l.id, { code: l.code, name: l.name }]));
}

export async function catalogRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/bibs/:id', {
    schema: {
      tags, summary: 'A bibliographic record with its items and availability per library',
      params: IdParams, querystring: z.object({ marc: z.coerce.boolean().default(false) }),
      response: { 200: BibDto },
    },
  }, async (req) => {
    const rec = await getRecord(ctx.db, req.params.id);
    const items = await itemsOfRecords(ctx.db, [rec.id]);
    return toBibDto(rec, items, await libraryNames(ctx), req.query.marc);
  });

  const SaveBody = z.object({ marc: MarcDto, flavour: z.enum(['marc21', 'cnmarc']).optional() });
  app.post('/api/bibs', {
    preHandler: requireStaff(ctx, 'catalog.write'),
    schema: { tags, summary: 'Create a record from MARC (as JSON)', body: SaveBody, response: { 201: BibDto }, security: [{ bearer: [] }] },
  }, async (req, reply) => {
    const rec = await saveRecord(ctx.db, { marc: req.body.marc, flavour: req.body.flavour, source: 'api' });
    if (!rec.display.title) throw new BadRequest('NO_TITLE', 'The record has no title (MARC21 245 / CNMARC 200 $a).');
    reply.status(201);
    return toBibDto(rec, [], await libraryNames(ctx), true);
  });

  app.put('/api/bibs/:id', {
    preHandler: requireStaff(ctx, 'catalog.write'),
    schema: { tags, summary: 'Replace a record\'s MARC', params: IdParams, body: SaveBody, response: { 200: BibDto }, security: [{ bearer: [] }] },
  }, async (req) => {
    const rec = await saveRecord(ctx.db, { id: req.params.id, marc: req.body.marc, flavour: req.body.flavour, source: 'api' });
    return toBibDto(rec, await itemsOfRecords(ctx.db, [rec.id]), await libraryNames(ctx), true);
  });

  app.delete('/api/bibs/:id', {
    preHandler: requireStaff(ctx, 'catalog.write'),
    schema: { tags, summary: 'Delete a record that has no items', params: IdParams, security: [{ bearer: [] }] },
  }, async (req, reply) => {
    const items = await itemsOfRecords(ctx.db, [req.params.id]);
    if (items.some((i) => i.status !== 'withdrawn')) throw new Conflict('RECORD_HAS_ITEMS', 'Withdraw or move the record\'s items first.');
    await deleteRecord(ctx.db, req.params.id);
    reply.status(204).send();
  });
}
