/**
 * GET /api/search: fielded, boolean, phrase search with facets and availability per library.
 * The query language is documented in src/modules/search/README.md (and in OpenAPI below).
 */
import { z } from 'zod';
import type { App } from '../../servers/http/app.js';
import type { AppContext } from '../../kernel/context.js';
import { BadRequest } from '../../kernel/errors.js';
import { getRecords } from '../catalog/index.js';
import { DisplayDto, LibraryAvailabilityDto, availabilityOf } from '../catalog/dto.js';
import { libraryNames } from '../catalog/routes.js';
import { itemsOfRecords } from '../inventory/index.js';
import { search, MAX_OFFSET } from './engine.js';

const list = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : String(v).split(',').filter(Boolean)), z.array(z.string().max(64)).max(50).optional());

const Query = z.object({
  q: z.string().max(2000).describe('Query: words, "phrases", field:term (title author subject publisher series isbn callnumber any; 题名 作者 主题 ...), AND OR NOT -term, ( )'),
  library: list.describe('holding library ids (comma separated)'),
  format: list.describe('material types: book serial audio video music-score map electronic visual mixed other'),
  language: list.describe('language codes (chi, eng, ...)'),
  yearFrom: z.coerce.number().int().min(0).max(9999).optional(),
  yearTo: z.coerce.number().int().min(0).max(9999).optional(),
  available: z.preprocess((v) => v === 'true' || v === '1' || v === true, z.boolean()).optional().describe('only records with a copy on the shelf (in `library`, when given)'),
  sort: z.enum(['relevance', 'year-desc', 'year-asc', 'title']).default('relevance').describe('title = pinyin order of titles'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  facets: z.enum(['true', 'false', '1', '0']).optional().describe('facet counts (default true)'),
});

const Facet = z.array(z.object({ value: z.string(), label: z.string().optional(), count: z.number() }));
const Result = z.object({
  total: z.number(),
  exact: z.boolean().describe('false when the hit count is very large: total and facets are then estimated'),
  hits: z.array(z.object({ id: z.string(), score: z.number(), display: DisplayDto, availability: z.array(LibraryAvailabilityDto) })),
  facets: z.object({ library: Facet, availableAt: Facet, format: Facet, language: Facet, decade: Facet, available: z.number() }).optional(),
  nextCursor: z.string().nullable(),
});

function decodeCursor(c: string | undefined): number {
  if (!c) return 0;
  try {
    const o = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')).o;
    if (Number.isInteger(o) && o >= 0 && o <= MAX_OFFSET) return o;
  } catch {
    /* fall through */
  }
  throw new BadRequest('BAD_CURSOR', 'The cursor is not one this server gave out.');
}

export async function searchRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/search', {
    schema: { tags: ['search'], summary: 'Search the catalog (Chinese, pinyin and English; traditional or simplified)', querystring: Query, response: { 200: Result } },
  }, async (req) => {
    const q = req.query;
    const offset = decodeCursor(q.cursor);
    const result = await search(ctx.db, {
      q: q.q, libraries: q.library, formats: q.format, languages: q.language, yearFrom: q.yearFrom, yearTo: q.yearTo,
      available: q.available, sort: q.sort, limit: q.limit, offset, facets: q.facets !== 'false' && q.facets !== '0',
    });
    const ids = result.hits.map((h) => h.recordId);
    const [records, items, names] = await Promise.all([getRecords(ctx.db, ids), itemsOfRecords(ctx.db, ids), libraryNames(ctx)]);
    const byId = new Map(records.map((r) => [r.id, r]));
    const itemsBy = new Map<string, typeof items>();
    for (const i of items) itemsBy.set(i.recordId, [...(itemsBy.get(i.recordId) ?? []), i]);
    const label = (v: { value: string; count: number }) => ({ ...v, label: names.get(v.value)?.name });
    const next = offset + result.hits.length;
    return {
      total: result.total,
      exact: result.exact,
      hits: result.hits.filter((h) => byId.has(h.recordId)).map((h) => ({
        id: h.recordId, score: h.score, display: byId.get(h.recordId)!.display as z.infer<typeof DisplayDto>,
        availability: availabilityOf(itemsBy.get(h.recordId) ?? [], names),
      })),
      facets: result.facets && { ...result.facets, library: result.facets.library.map(label), availableAt: result.facets.availableAt.map(label) },
      nextCursor: result.hits.length === q.limit && next < Math.min(result.total, MAX_OFFSET) ? Buffer.from(JSON.stringify({ o: next })).toString('base64url') : null,
    };
  });
}
