/**
 * The fixed search query mix of the search benchmarks (bench/search.ts, bench/search-compare.ts):
 * each query as Tianyi takes it (the query language of src/modules/search/README.md plus filters)
 * and its translation to Z39.50 PQF for Zebra (bench/zebra/, Koha's ICU word chain: Han text is
 * indexed one character per token, so a Chinese word is a phrase of characters; no
 * traditional/simplified folding, no pinyin, no plural folding).
 *
 * The terms were chosen from the generated dataset (bench/lib/dataset.ts): rare poets (the last of
 * demo/seed/poets.json, a few hundred records per million), famous ones (tens of thousands),
 * modern classics, the very common 研究 / 中国 (a large share of the Chinese records) and English
 * words of the Koha sample (repeated in ~40% of the records, one variation per base record).
 */
import { isbnFor } from '../../src/modules/catalog/index.js';
import type { SearchRequest } from '../../src/modules/search/index.js';

export interface MixQuery {
  cls: string;
  q: string;
  /** Filters and options besides q; `libraries` are library codes (resolved to ids by the runner). */
  opts?: Omit<SearchRequest, 'q' | 'libraries'> & { libraries?: string[] };
  /** The same question for Zebra, as PQF. */
  zebra: string;
  /** Why Zebra's answer may differ. */
  note?: string;
}

// PQF helpers. Every text term asks for relevance ranking (@attr 2=102), as Koha does.
const esc = (s: string) => `"${s.replace(/"/g, '')}"`;
/** A word or phrase in an index (4=1: adjacent tokens; a Chinese word is a run of characters). */
const t = (term: string, index = 'any') => `@attr 2=102 @attr 1=${index} @attr 4=1 ${esc(term)}`;
const and = (...xs: string[]) => xs.slice(1).reduce((a, x) => `@and ${a} ${x}`, xs[0]);
const or = (a: string, b: string) => `@or ${a} ${b}`;
const not = (a: string, b: string) => `@not ${a} ${b}`;
const branch = (code: string) => `@attr 1=homebranch @attr 4=3 ${code}`;
const yearGe = (y: number) => `@attr 1=pubyear @attr 2=4 @attr 4=109 ${y}`;
const yearLe = (y: number) => `@attr 1=pubyear @attr 2=2 @attr 4=109 ${y}`;
const isbn = (digits: string) => `@attr 1=isbn @attr 4=3 ${digits}`;

/**
 * ISBNs of records that exist in any dataset of at least `count` records: a Chinese record
 * (n % 5 < 3) and a Western one, near the end of the file (dataset seed 3, see dataset.ts).
 */
function isbns(count: number) {
  let zh = Math.floor(count * 0.77);
  while (zh % 5 >= 3) zh--;
  let en = Math.floor(count * 0.55);
  while (en % 5 < 3) en--;
  const cn = isbnFor(zh + 3 * 10_000_000);
  const west = isbnFor(50_000_000 + en + 3 * 10_000_000);
  const hyphen = `${cn.slice(0, 3)}-${cn.slice(3, 4)}-${cn.slice(4, 7)}-${cn.slice(7, 12)}-${cn.slice(12)}`;
  return { cn, west, hyphen };
}

export function queryMix(datasetSize: number): MixQuery[] {
  const i = isbns(datasetSize);
  const noFold = 'Zebra: no traditional -> simplified folding';
  const noPinyin = 'Zebra: no pinyin; the syllables are searched as Latin words';
  return [
    // Rare Chinese title words: rare poets, a modern classic, a poet + form.
    { cls: 'rare-zh', q: '米芾', zebra: t('米芾') },
    { cls: 'rare-zh', q: '晁冲之', zebra: t('晁冲之') },
    { cls: 'rare-zh', q: '呼兰河传', zebra: t('呼兰河传') },
    { cls: 'rare-zh', q: '王十朋年谱', zebra: t('王十朋年谱'), note: 'Tianyi: 王十朋 AND 年谱 (segmented); Zebra: the exact run of characters' },
    // Chinese authors.
    { cls: 'author-zh', q: '沈从文', zebra: t('沈从文') },
    { cls: 'author-zh', q: '杜甫', zebra: t('杜甫') },
    { cls: 'author-zh', q: '李商隐', zebra: t('李商隐') },
    // Traditional characters (the catalogue is simplified).
    { cls: 'traditional', q: '沈從文', zebra: t('沈從文'), note: noFold },
    { cls: 'traditional', q: '紅樓夢', zebra: t('紅樓夢'), note: noFold },
    { cls: 'traditional', q: '杜甫詩選', zebra: t('杜甫詩選'), note: noFold },
    // Pinyin.
    { cls: 'pinyin', q: 'shen congwen', zebra: and(t('shen'), t('congwen')), note: noPinyin },
    { cls: 'pinyin', q: 'du fu', zebra: and(t('du'), t('fu')), note: noPinyin },
    { cls: 'pinyin', q: 'shencongwen', zebra: t('shencongwen'), note: noPinyin },
    { cls: 'pinyin', q: 'hongloumeng', zebra: t('hongloumeng'), note: noPinyin },
    // English words: rare ones, and history.
    { cls: 'english-rare', q: 'Eimhir', zebra: t('eimhir') },
    { cls: 'english-rare', q: 'Jacobite', zebra: t('jacobite') },
    { cls: 'english-rare', q: 'Kernighan', zebra: t('kernighan') },
    { cls: 'english-rare', q: 'MacCulloch', zebra: t('macculloch') },
    { cls: 'english-rare', q: 'Heidegger', zebra: t('heidegger') },
    { cls: 'english-history', q: 'history', zebra: t('history'), note: 'Tianyi also matches "histories" (query-side plural)' },
    // Very common Chinese.
    { cls: 'common-zh', q: '研究', zebra: t('研究') },
    { cls: 'common-zh', q: '中国', zebra: t('中国') },
    { cls: 'common-zh', q: '唐诗', zebra: t('唐诗') },
    // Very common English.
    { cls: 'common-en', q: 'the', zebra: t('the') },
    { cls: 'common-en', q: 'introduction', zebra: t('introduction') },
    { cls: 'common-en', q: 'edited', zebra: t('edited') },
    // Phrases.
    { cls: 'phrase', q: '"杜诗详注"', zebra: t('杜诗详注') },
    { cls: 'phrase', q: '"learn to play"', zebra: t('learn to play') },
    { cls: 'phrase', q: '"杜甫诗选"', zebra: t('杜甫诗选') },
    { cls: 'phrase', q: '"the definitive guide"', zebra: t('the definitive guide') },
    // Fielded.
    { cls: 'fielded', q: 'title:边城', zebra: t('边城', 'title') },
    { cls: 'fielded', q: 'author:鲁迅', zebra: t('鲁迅', 'author') },
    { cls: 'fielded', q: 'title:history', zebra: t('history', 'title') },
    { cls: 'fielded', q: 'author:beckett', zebra: t('beckett', 'author') },
    { cls: 'fielded', q: 'subject:唐诗', zebra: t('唐诗', 'subject') },
    // ISBN.
    { cls: 'isbn', q: `isbn:${i.cn}`, zebra: isbn(i.cn) },
    { cls: 'isbn', q: i.west, zebra: isbn(i.west) },
    { cls: 'isbn', q: i.hyphen, zebra: isbn(i.cn), note: 'Zebra is given the digits (hyphens stripped client-side)' },
    // Boolean.
    { cls: 'boolean', q: '杜甫 AND 诗选', zebra: and(t('杜甫'), t('诗选')) },
    { cls: 'boolean', q: '杜甫 OR 李白', zebra: or(t('杜甫'), t('李白')) },
    { cls: 'boolean', q: '杜甫 -诗选', zebra: not(t('杜甫'), t('诗选')) },
    { cls: 'boolean', q: 'history NOT greek', zebra: not(t('history'), t('greek')) },
    // Faceted / filtered (facets on). Zebra: the same filters, and its own facets (library and
    // language, zebra::facet element set; no format/decade/availability facets in this setup).
    { cls: 'faceted', q: '杜甫', opts: { facets: true }, zebra: t('杜甫') },
    { cls: 'faceted', q: '沈从文', opts: { facets: true, yearFrom: 2000, yearTo: 2010 }, zebra: and(t('沈从文'), yearGe(2000), yearLe(2010)) },
    { cls: 'faceted', q: 'history', opts: { facets: true, libraries: ['FUTIAN'], available: true }, zebra: and(t('history'), branch('FUTIAN')), note: 'Zebra: held at FUTIAN (no item status in its index)' },
    { cls: 'faceted', q: '研究', opts: { facets: true, yearFrom: 2010 }, zebra: and(t('研究'), yearGe(2010)) },
    { cls: 'faceted', q: '中国', opts: { facets: true, libraries: ['NANSHAN'], available: true }, zebra: and(t('中国'), branch('NANSHAN')), note: 'Zebra: held at NANSHAN' },
    { cls: 'faceted', q: 'the', opts: { facets: true, languages: ['eng'] }, zebra: and(t('the'), '@attr 1=lang @attr 4=3 eng') },
  ];
}

export const CLASSES = ['rare-zh', 'author-zh', 'traditional', 'pinyin', 'english-rare', 'english-history', 'common-zh', 'common-en', 'phrase', 'fielded', 'isbn', 'boolean', 'faceted'];

/** Percentile by nearest rank. */
export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
