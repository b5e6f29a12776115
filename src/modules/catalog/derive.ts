/**
 * Derived fields: what display, sorting, facets and search need, computed from the MARC record
 * (the source of truth) every time it is stored. MARC21 and CNMARC each have their own mapping;
 * the result has one shape.
 *
 * MARC21 880 fields (vernacular script, linked through $6 to their romanised partner) are
 * read as the vernacular form of the field they pair with: a Chinese record catalogued in
 * pinyin shows and finds its Chinese title too.
 */
import { type DataField, type MarcFlavour, type MarcRecord, controlValue, dataFields, firstSubfield, isControlField } from '../../protocols/marc/types.js';

export type MaterialType = 'book' | 'serial' | 'audio' | 'video' | 'music-score' | 'map' | 'electronic' | 'visual' | 'mixed' | 'other';

export interface Derived {
  flavour: MarcFlavour;
  controlNumber: string | null;
  title: string;
  /** Vernacular (e.g. Chinese) title where the record has one beside a romanised title. */
  titleVernacular: string | null;
  otherTitles: string[];
  responsibility: string | null;
  names: string[];
  subjects: string[];
  publisher: string | null;
  place: string | null;
  year: number | null;
  isbns: string[];
  issns: string[];
  language: string | null;
  materialType: MaterialType;
  series: string[];
  classification: { scheme: 'clc' | 'lcc' | 'ddc' | 'other'; value: string }[];
  edition: string | null;
  physical: string | null;
  summary: string | null;
  /** CNMARC 010$d / MARC21 020$c, e.g. "CNY32.00", kept as written. */
  price: string | null;
}

const TRAILING = /[\s/:;,.=]+$/u;

/** Strip ISBD punctuation cataloguers leave at field ends ("Title /" -> "Title"). */
export function clean(s: string | undefined | null): string {
  if (!s) return '';
  let out = s.replace(TRAILING, '').trim();
  // Unbalanced brackets at the edges are cataloguing punctuation, not content.
  if (out.startsWith('[') && !out.includes(']')) out = out.slice(1);
  if (out.endsWith(']') && !out.includes('[')) out = out.slice(0, -1);
  return out.trim();
}

function join(parts: (string | undefined)[], sep = ' '): string {
  return parts.map((p) => clean(p)).filter(Boolean).join(sep);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}

function yearFrom(s: string | undefined | null): number | null {
  const m = s?.match(/(1[4-9]\d\d|20\d\d)/);
  return m ? Number(m[1]) : null;
}

function materialTypeFromLeader(leader: string): MaterialType {
  const type = leader[6];
  const level = leader[7];
  switch (type) {
    case 'a':
    case 't':
    case 'b': // CNMARC uses 'b' for manuscript text
      return level === 's' ? 'serial' : 'book';
    case 'c':
    case 'd':
      return 'music-score';
    case 'e':
    case 'f':
      return 'map';
    case 'g':
      return 'video';
    case 'i':
    case 'j':
      return 'audio';
    case 'k':
      return 'visual';
    case 'l':
    case 'm':
      return 'electronic';
    case 'p':
      return 'mixed';
    default:
      return 'other';
  }
}

/** The ISBN as catalogued, without qualifiers: "978-7-02-000220-7 (精装)" -> "978-7-02-000220-7". */
function isbnToken(s: string | undefined): string | null {
  const m = s?.match(/[0-9][0-9\-\s]{8,16}[0-9Xx]/);
  return m ? m[0].replace(/[\s-]/g, '').toUpperCase() : null;
}

function deriveMarc21(rec: MarcRecord): Derived {
  const f008 = controlValue(rec, '008') ?? '';
  // 880 fields keyed by the tag they pair with ("245-01/$1" -> 245).
  const vernacular = new Map<string, DataField[]>();
  for (const f of dataFields(rec, '880')) {
    const link = firstSubfield(f, '6');
    const tag = link?.slice(0, 3);
    if (tag) vernacular.set(tag, [...(vernacular.get(tag) ?? []), f]);
  }
  const f245 = dataFields(rec, '245')[0];
  const title = f245 ? join([firstSubfield(f245, 'a'), firstSubfield(f245, 'b'), ...f245.subfields.filter((s) => s.code === 'n' || s.code === 'p').map((s) => s.value)]) : '';
  const v245 = vernacular.get('245')?.[0];
  const titleVernacular = v245 ? join([firstSubfield(v245, 'a'), firstSubfield(v245, 'b')]) : null;
  const nameFields = dataFields(rec, '100', '110', '111', '700', '710', '711');
  const names = uniq([
    ...nameFields.map((f) => join([firstSubfield(f, 'a'), firstSubfield(f, 'b')])),
    ...['100', '110', '700', '710'].flatMap((t) => (vernacular.get(t) ?? []).map((f) => clean(firstSubfield(f, 'a')))),
  ]);
  const subjects = uniq(
    dataFields(rec, '600', '610', '611', '630', '648', '650', '651', '655').map((f) =>
      f.subfields.filter((s) => /[a-z]/.test(s.code) && s.code !== 'e').map((s) => clean(s.value)).filter(Boolean).join(' -- '),
    ),
  );
  const pub = dataFields(rec, '264').find((f) => f.ind2 === '1') ?? dataFields(rec, '260', '264')[0];
  const vpub = vernacular.get('264')?.[0] ?? vernacular.get('260')?.[0];
  const classification: Derived['classification'] = [];
  for (const f of dataFields(rec, '050', '090')) {
    const v = join([firstSubfield(f, 'a'), firstSubfield(f, 'b')]);
    if (v) classification.push({ scheme: 'lcc', value: v });
  }
  for (const f of dataFields(rec, '082')) if (firstSubfield(f, 'a')) classification.push({ scheme: 'ddc', value: clean(firstSubfield(f, 'a')) });
  for (const f of dataFields(rec, '084')) {
    const scheme = (firstSubfield(f, '2') ?? '').toLowerCase();
    const v = clean(firstSubfield(f, 'a'));
    if (v) classification.push({ scheme: scheme.includes('clc') || scheme.includes('ztf') ? 'clc' : 'other', value: v });
  }
  const lang = f008.slice(35, 38).trim() || clean(firstSubfield(dataFields(rec, '041')[0], 'a')).slice(0, 3);
  return {
    flavour: 'marc21',
    controlNumber: controlValue(rec, '001')?.trim() || null,
    title: title || titleVernacular || '',
    titleVernacular: titleVernacular && titleVernacular !== title ? titleVernacular : null,
    otherTitles: uniq(dataFields(rec, '246', '240', '130', '740').map((f) => join([firstSubfield(f, 'a'), firstSubfield(f, 'b')]))),
    responsibility: clean(firstSubfield(f245, 'c')) || (vernacular.get('245')?.[0] ? clean(firstSubfield(vernacular.get('245')![0], 'c')) : '') || null,
    names,
    subjects,
    publisher: clean(firstSubfield(vpub, 'b')) || clean(firstSubfield(pub, 'b')) || null,
    place: clean(firstSubfield(pub, 'a')) || null,
    year: yearFrom(f008.slice(7, 11).replace(/[^0-9]/g, '').length === 4 ? f008.slice(7, 11) : null) ?? yearFrom(firstSubfield(pub, 'c')),
    isbns: uniq(dataFields(rec, '020').map((f) => isbnToken(firstSubfield(f, 'a')) ?? '')),
    issns: uniq(dataFields(rec, '022').map((f) => (firstSubfield(f, 'a') ?? '').replace(/[^0-9Xx-]/g, '').toUpperCase())),
    language: lang && /^[a-z]{3}$/.test(lang) ? lang : null,
    materialType: materialTypeFromLeader(rec.leader),
    series: uniq(dataFields(rec, '490', '830', '440').map((f) => join([firstSubfield(f, 'a'), firstSubfield(f, 'v')], ' ; '))),
    classification,
    edition: clean(firstSubfield(dataFields(rec, '250')[0], 'a')) || null,
    physical: join(dataFields(rec, '300')[0]?.subfields.map((s) => s.value) ?? []) || null,
    summary: clean(firstSubfield(dataFields(rec, '520')[0], 'a')) || null,
    price: clean(firstSubfield(dataFields(rec, '020')[0], 'c')) || null,
  };
}

/** CNMARC personal name: $a entry element + $b rest of name (Western names "Saint-Exupéry, Antoine de"). */
function cnmarcName(f: DataField): string {
  const a = clean(firstSubfield(f, 'a'));
  const b = clean(firstSubfield(f, 'b'));
  return b ? `${a}, ${b}` : a;
}

function deriveCnmarc(rec: MarcRecord): Derived {
  const f200 = dataFields(rec, '200')
    // A record may carry a stray extra 200 without $a's usual companions; prefer the fullest one.
    .sort((x, y) => y.subfields.length - x.subfields.length)[0];
  const titleParts = f200 ? f200.subfields.filter((s) => s.code === 'a').map((s) => clean(s.value)) : [];
  const title = join([titleParts.join(' '), ...(f200?.subfields.filter((s) => s.code === 'h' || s.code === 'i').map((s) => s.value) ?? [])]);
  const resp = f200 ? [firstSubfield(f200, 'f'), ...f200.subfields.filter((s) => s.code === 'g').map((s) => s.value)].map((s) => clean(s)).filter(Boolean) : [];
  const pub = dataFields(rec, '210', '214')[0];
  const f100a = firstSubfield(dataFields(rec, '100')[0], 'a') ?? '';
  const names = uniq(dataFields(rec, '700', '701', '702', '710', '711', '712').map((f) => (f.tag.startsWith('71') ? clean(firstSubfield(f, 'a')) : cnmarcName(f))));
  const subjects = uniq(
    dataFields(rec, '600', '601', '602', '604', '605', '606', '607', '610').map((f) =>
      f.subfields.filter((s) => 'abcxyzj'.includes(s.code)).map((s) => clean(s.value)).filter(Boolean).join(' -- '),
    ),
  );
  const classification: Derived['classification'] = [];
  for (const f of dataFields(rec, '690')) if (firstSubfield(f, 'a')) classification.push({ scheme: 'clc', value: clean(firstSubfield(f, 'a')) });
  for (const f of dataFields(rec, '686')) if (firstSubfield(f, 'a')) classification.push({ scheme: 'other', value: clean(firstSubfield(f, 'a')) });
  for (const f of dataFields(rec, '676')) if (firstSubfield(f, 'a')) classification.push({ scheme: 'ddc', value: clean(firstSubfield(f, 'a')) });
  const f010 = dataFields(rec, '010')[0];
  return {
    flavour: 'cnmarc',
    controlNumber: controlValue(rec, '001')?.trim() || null,
    title,
    titleVernacular: null,
    otherTitles: uniq([
      ...(f200?.subfields.filter((s) => s.code === 'e' || s.code === 'd').map((s) => clean(s.value)) ?? []),
      ...dataFields(rec, '500', '510', '512', '513', '514', '515', '516', '517', '518', '540', '541').map((f) => clean(firstSubfield(f, 'a'))),
    ]),
    responsibility: resp.join('; ') || null,
    names,
    subjects,
    publisher: clean(firstSubfield(pub, 'c')) || null,
    place: clean(firstSubfield(pub, 'a')) || null,
    year: yearFrom(firstSubfield(pub, 'd')) ?? yearFrom(f100a.slice(9, 13)),
    isbns: uniq(dataFields(rec, '010').map((f) => isbnToken(firstSubfield(f, 'a')) ?? '')),
    issns: uniq(dataFields(rec, '011').map((f) => (firstSubfield(f, 'a') ?? '').replace(/[^0-9Xx-]/g, '').toUpperCase())),
    language: clean(firstSubfield(dataFields(rec, '101')[0], 'a')) || null,
    materialType: materialTypeFromLeader(rec.leader),
    series: uniq(dataFields(rec, '225', '410').map((f) => join([firstSubfield(f, 'a'), firstSubfield(f, 'v')], ' ; '))),
    classification,
    edition: clean(firstSubfield(dataFields(rec, '205')[0], 'a')) || null,
    physical: join(dataFields(rec, '215')[0]?.subfields.map((s) => s.value) ?? []) || null,
    summary: clean(firstSubfield(dataFields(rec, '330')[0], 'a')) || null,
    price: clean(firstSubfield(f010, 'd')) || null,
  };
}

export function derive(rec: MarcRecord, flavour: MarcFlavour): Derived {
  return flavour === 'cnmarc' ? deriveCnmarc(rec) : deriveMarc21(rec);
}

/** Cheap flavour guess for callers without the codec's detector: CNMARC has 200, MARC21 245. */
export function guessFlavour(rec: MarcRecord): MarcFlavour {
  let has200 = false;
  for (const f of rec.fields) {
    if (isControlField(f)) continue;
    if (f.tag === '245') return 'marc21';
    if (f.tag === '200') has200 = true;
  }
  return has200 ? 'cnmarc' : 'marc21';
}
