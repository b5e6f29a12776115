/**
 * Searching as readers do, through GET /api/search: traditional/simplified/pinyin, segmented
 * Chinese, ISBN-10/13 with or without hyphens, fields, phrases, booleans, facets, sorts,
 * availability, paging, and refusals of malformed or absurd queries.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../support/app.js';
import { loadDemoNetwork } from '../../src/modules/consortium/index.js';
import { importMarc, generateChineseRecord } from '../../src/modules/catalog/index.js';
import { upsertItems } from '../../src/modules/inventory/index.js';
import { reindexRecords } from '../../src/modules/catalog/index.js';
import { writeIso2709 } from '../../src/protocols/marc/index.js';

const SHARED = new URL('../../../shared/data/marc/', import.meta.url);
let t: TestApp;
let libs: Record<string, string>;

interface Hit {
  id: string;
  display: { title: string; names: string[]; year: number | null; isbns: string[] };
  availability: { libraryCode: string; total: number; available: number }[];
}
interface Body {
  total: number;
  exact: boolean;
  hits: Hit[];
  nextCursor: string | null;
  facets: Record<string, { value: string; label?: string; count: number }[]> & { available: number };
  error?: { code: string; message: string };
}

async function find(params: Record<string, string | number | boolean>): Promise<{ status: number; body: Body }> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await t.app.inject({ method: 'GET', url: `/api/search?${qs}` });
  return { status: res.statusCode, body: res.json() };
}
const ids = (b: Body) => b.hits.map((h) => h.id).sort();

before(async () => {
  t = await createTestApp();
  libs = (await loadDemoNetwork(t.ctx.db)).libraries;
  await importMarc(t.ctx.db, readFileSync(new URL('cnmarc/cnmarc_derived_utf8.iso', SHARED)));
  await importMarc(t.ctx.db, readFileSync(new URL('koha-sample/koha_sample_bibs_marc21.mrc', SHARED)));
  const generated = Buffer.concat(Array.from({ length: 400 }, (_, i) => writeIso2709(generateChineseRecord(i + 1, 7))));
  await importMarc(t.ctx.db, generated, { generated: true });
  // A copy of 杜诗详注 at 福田 (on the shelf) and one at 南山 (on loan).
  const dushi = (await t.ctx.db.query<{ id: string }>(`SELECT id FROM catalog_record WHERE display->>'title' = '杜诗详注'`)).rows[0].id;
  await upsertItems(t.ctx.db, [
    { barcode: 'S0001', recordId: dushi, libraryId: libs.FUTIAN },
    { barcode: 'S0002', recordId: dushi, libraryId: libs.NANSHAN, status: 'checked_out' },
  ]);
  await reindexRecords(t.ctx.db, [dushi]);
});
after(async () => t.close());

test('沈從文, 沈从文, shen congwen and shencongwen find the same books', async () => {
  const forms = ['沈從文', '沈从文', 'shen congwen', 'shencongwen', 'Shen Congwen'];
  const results = await Promise.all(forms.map((q) => find({ q, limit: 100 })));
  assert.ok(results[0].body.total > 0, 'the generated catalogue has books by 沈从文');
  for (const r of results) assert.deepEqual(ids(r.body), ids(results[0].body));
  assert.ok(results[0].body.hits.every((h) => h.display.names.includes('沈从文')));
});

test('traditional and simplified titles find each other; Chinese text is segmented', async () => {
  const a = await find({ q: '杜詩詳注' });
  const b = await find({ q: '杜诗详注' });
  assert.equal(a.body.hits[0]?.display.title, '杜诗详注');
  assert.deepEqual(ids(a.body), ids(b.body));
  const part = await find({ q: '详注' });
  assert.ok(part.body.hits.some((h) => h.display.title === '杜诗详注'), 'a word inside the title finds it');
});

test('ISBN-13 with or without hyphens and the same book\'s ISBN-10 find it', async () => {
  const forms = ['978-7-101-10528-5', '9787101105285', 'isbn:9787101105285', 'isbn:7-101-10528-X'.replace('X', '6')];
  const first = await find({ q: forms[0] });
  assert.equal(first.body.total, 1);
  for (const q of forms.slice(1, 3)) assert.deepEqual(ids((await find({ q })).body), ids(first.body), q);
  const tenDigit = await find({ q: 'isbn:0964479621' });
  assert.equal(tenDigit.body.hits[0]?.display.title, "The Korean Go Association's learn to play go");
  const thirteen = await find({ q: 'isbn:978-0-9644796-2-3' });
  assert.deepEqual(ids(thirteen.body), ids(tenDigit.body), 'ISBN-10 and its ISBN-13 are one book');
});

test('English, fielded, phrase and boolean queries', async () => {
  const history = await find({ q: 'history', limit: 100 });
  assert.ok(history.body.total >= 10);
  const titleOnly = await find({ q: 'title:history', limit: 100 });
  assert.ok(titleOnly.body.total < history.body.total, 'a title search is narrower than a keyword search');
  // Title searches cover other titles and series titles too, as library catalogues do.
  const titles = (h: Hit) => JSON.stringify([h.display.title, (h.display as never as { otherTitles: string[] }).otherTitles, (h.display as never as { series: string[] }).series]);
  assert.ok(titleOnly.body.hits.every((h) => /histor/i.test(titles(h))));
  const phrase = await find({ q: '"pragmatic programmer"' });
  assert.ok(phrase.body.hits.every((h) => /pragmatic programmer/i.test(h.display.title)));
  const both = await find({ q: '杜甫 AND 诗选', limit: 100 });
  const either = await find({ q: '杜甫 OR 李白', limit: 100 });
  const notLi = await find({ q: '杜甫 -诗选', limit: 100 });
  const dufu = await find({ q: '杜甫', limit: 100 });
  assert.ok(both.body.total < dufu.body.total && dufu.body.total < either.body.total);
  assert.equal(notLi.body.total + both.body.total, dufu.body.total);
});

test('facets count libraries, formats, languages and decades; filters narrow the hits', async () => {
  const all = await find({ q: '杜诗详注' });
  const libFacet = all.body.facets.library.map((f) => f.value).sort();
  assert.deepEqual(libFacet, [libs.FUTIAN, libs.NANSHAN].sort());
  assert.equal(all.body.facets.availableAt[0].value, libs.FUTIAN);
  assert.equal(all.body.facets.availableAt[0].label, '福田分馆');
  const availNanshan = await find({ q: '杜诗详注', library: libs.NANSHAN, available: true });
  assert.equal(availNanshan.body.total, 0, 'the 南山 copy is on loan');
  const availFutian = await find({ q: '杜诗详注', library: libs.FUTIAN, available: true });
  assert.equal(availFutian.body.total, 1);
  const hit = availFutian.body.hits[0];
  assert.deepEqual(hit.availability.map((a) => [a.libraryCode, a.total, a.available]).sort(), [['FUTIAN', 1, 1], ['NANSHAN', 1, 0]]);
  const eng = await find({ q: 'history', language: 'eng', limit: 5 });
  assert.ok(eng.body.facets.language.every((f) => f.value === 'eng'));
  const recent = await find({ q: '研究', yearFrom: 2010, limit: 100 });
  assert.ok(recent.body.hits.every((h) => (h.display.year ?? 0) >= 2010));
});

test('sorts: year, and pinyin order of titles', async () => {
  const byYear = await find({ q: '研究', sort: 'year-desc', limit: 50 });
  const years = byYear.body.hits.map((h) => h.display.year ?? 0);
  assert.deepEqual(years, [...years].sort((a, b) => b - a));
  const byTitle = await find({ q: '诗选', sort: 'title', limit: 50 });
  const keys = byTitle.body.hits.map((h) => h.display.title);
  assert.ok(keys.length > 2);
  // 白居易诗选 (bai) comes before 杜甫诗选 (du) before 李白诗选 (li) in pinyin order.
  const order = ['白', '杜', '李'].map((c) => keys.findIndex((k) => k.startsWith(c))).filter((i) => i >= 0);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
});

test('cursor paging walks the results without repeats', async () => {
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: { body: Body } = await find({ q: '研究', limit: 25, ...(cursor ? { cursor } : {}) });
    for (const h of r.body.hits) {
      assert.ok(!seen.has(h.id), 'no record twice');
      seen.add(h.id);
    }
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  const total = (await find({ q: '研究' })).body.total;
  assert.equal(seen.size, total);
});

test('malformed and absurd queries are 400 with a code, never 500', async () => {
  for (const [q, code] of [
    ['title:(红楼梦', 'QUERY_SYNTAX'],
    ['"unclosed', 'QUERY_SYNTAX'],
    ['nosuchfield:abc', 'QUERY_SYNTAX'],
    ['-only', 'QUERY_SYNTAX'],
    ['《》', 'QUERY_EMPTY'],
    ['书'.repeat(600), 'QUERY_TOO_LONG'],
  ] as const) {
    const r = await find({ q });
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error?.code, code, q);
  }
  const huge = await find({ q: 'x'.repeat(5000) });
  assert.equal(huge.status, 400);
  const badCursor = await find({ q: '研究', cursor: 'nonsense' });
  assert.equal(badCursor.status, 400);
  assert.equal(badCursor.body.error?.code, 'BAD_CURSOR');
});

test('GET /api/bibs/:id shows the record with its items and availability per library', async () => {
  const r = await find({ q: '杜诗详注' });
  const res = await t.app.inject({ method: 'GET', url: `/api/bibs/${r.body.hits[0].id}?marc=true` });
  assert.equal(res.statusCode, 200);
  const bib = res.json();
  assert.equal(bib.flavour, 'cnmarc');
  assert.equal(bib.items.length, 2);
  assert.ok(bib.marc.fields.some((f: { tag: string }) => f.tag === '200'));
  const missing = await t.app.inject({ method: 'GET', url: '/api/bibs/00000000-0000-4000-8000-000000000000' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'RECORD_NOT_FOUND');
});
