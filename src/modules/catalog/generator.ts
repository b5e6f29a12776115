/**
 * A deterministic generator of bibliographic records for the demo and for scale tests.
 * Chinese records are CNMARC built from real poets (demo/seed/poets.json) with the publishers,
 * subjects and 中图法 classes a Chinese public library really holds; Western records are
 * variations of the real MARC21 records passed in. Every generated record carries
 * `999 $a generated` so nobody mistakes it for real cataloguing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { DataField, MarcRecord } from '../../protocols/marc/types.js';
import { toSimplifiedChinese } from '../search/analysis/normalize.js';

interface Poet {
  name: string;
  dynasty: string;
  works: number;
  titles: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const SEED_FILE = join(here, '..', '..', '..', 'demo', 'seed', 'poets.json');

let poetsCache: Poet[] | null = null;
/** The seed is in traditional characters (as the source has them); catalogues here write simplified. */
function poets(): Poet[] {
  poetsCache ??= (JSON.parse(readFileSync(SEED_FILE, 'utf8')) as { poets: Poet[] }).poets.map((p) => ({
    ...p,
    name: toSimplifiedChinese(p.name),
    titles: p.titles.map((t) => toSimplifiedChinese(t)),
  }));
  return poetsCache;
}

/** Modern classics every Chinese public library lends (title, author, 中图法 class). */
const MODERN_CLASSICS: [string, string, string][] = [
  ['边城', '沈从文', 'I246.5'], ['湘行散记', '沈从文', 'I266'], ['从文自传', '沈从文', 'K825.6'], ['呐喊', '鲁迅', 'I210.6'],
  ['彷徨', '鲁迅', 'I210.6'], ['朝花夕拾', '鲁迅', 'I210.4'], ['骆驼祥子', '老舍', 'I246.5'], ['四世同堂', '老舍', 'I246.5'],
  ['茶馆', '老舍', 'I234'], ['家', '巴金', 'I246.5'], ['围城', '钱钟书', 'I246.5'], ['倾城之恋', '张爱玲', 'I246.7'],
  ['子夜', '茅盾', 'I246.5'], ['雷雨', '曹禺', 'I234'], ['呼兰河传', '萧红', 'I246.5'], ['平凡的世界', '路遥', 'I247.5'],
  ['活着', '余华', 'I247.5'], ['白鹿原', '陈忠实', 'I247.5'], ['红高粱家族', '莫言', 'I247.5'], ['长恨歌', '王安忆', 'I247.5'],
  ['红楼梦', '曹雪芹', 'I242.4'], ['三国演义', '罗贯中', 'I242.4'], ['水浒传', '施耐庵', 'I242.4'], ['西游记', '吴承恩', 'I242.4'],
  ['射雕英雄传', '金庸', 'I247.58'], ['天龙八部', '金庸', 'I247.58'], ['城南旧事', '林海音', 'I246.5'], ['背影', '朱自清', 'I266'],
  ['人间词话', '王国维', 'I207.23'], ['乡土中国', '费孝通', 'C912.82'], ['万历十五年', '黄仁宇', 'K248.06'], ['中国哲学简史', '冯友兰', 'B2'],
];

/** mulberry32: small, fast, good enough for reproducible test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PUBLISHERS: [string, string][] = [
  ['北京', '中华书局'], ['上海', '上海古籍出版社'], ['北京', '人民文学出版社'], ['北京', '商务印书馆'],
  ['南京', '凤凰出版社'], ['长沙', '岳麓书社'], ['成都', '巴蜀书社'], ['北京', '生活·读书·新知三联书店'],
  ['杭州', '浙江古籍出版社'], ['广州', '广东人民出版社'], ['北京', '中国社会科学出版社'], ['北京', '北京大学出版社'],
];
const FORMS: [string, string, string][] = [
  // title pattern, responsibility role, subject form subdivision
  ['{p}集', '著', '作品集'], ['{p}诗选', '著', '诗歌'], ['{p}集校注', '撰', '注释'], ['{p}诗歌研究', '研究', '诗歌研究'],
  ['{p}年谱', '编', '年谱'], ['{p}评传', '著', '传记'], ['{p}诗词鉴赏辞典', '编', '鉴赏'], ['{p}与{d}代文学', '研究', '文学研究'],
];
const MODERN: [string, string, string][] = [
  // Non-fiction a district library lends every day; titles share the very common words 中国 / 研究.
  ['中国{x}史', 'K2', '中国 -- 历史'], ['{x}研究', 'C93', '研究'], ['中国{x}发展研究', 'F12', '经济发展 -- 研究 -- 中国'],
  ['{x}入门', 'TP3', '计算机'], ['{x}概论', 'G25', '图书馆学'], ['少儿{x}百科', 'Z22', '百科全书 -- 儿童读物'],
];
const TOPICS = ['城市', '乡村', '教育', '经济', '文化', '艺术', '建筑', '法律', '哲学', '数据', '人工智能', '图书馆', '园林', '茶', '丝绸', '海洋', '气候', '医学', '书法', '音乐'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌波辉鹏宇浩然子轩雨欣思远梓涵一鸣嘉怡';

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** A valid ISBN-13 in the Chinese 978-7 range, derived from n. */
export function isbnFor(n: number): string {
  const body = `9787${String(n % 100_000_000).padStart(8, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}

function df(tag: string, ind: string, subfields: [string, string][]): DataField {
  return { tag, ind1: ind[0], ind2: ind[1], subfields: subfields.map(([code, value]) => ({ code, value })) };
}

function personName(rnd: () => number): string {
  return pick(rnd, [...SURNAMES]) + pick(rnd, [...GIVEN]) + (rnd() < 0.5 ? pick(rnd, [...GIVEN]) : '');
}

/** A generated CNMARC record, number n of a reproducible series. */
export function generateChineseRecord(n: number, seed = 1): MarcRecord {
  const rnd = prng(seed * 1_000_003 + n);
  const ps = poets();
  const [place, publisher] = pick(rnd, PUBLISHERS);
  const year = 1980 + Math.floor(rnd() * 46);
  let title: string;
  let resp: string;
  let subject: string[];
  let clc: string;
  const fields: (DataField | { tag: string; value: string })[] = [];
  const kind = rnd();
  if (kind < 0.1) {
    // A new edition of a modern classic.
    const [t, author, cls] = pick(rnd, MODERN_CLASSICS);
    title = t;
    resp = `${author}著`;
    subject = [cls.startsWith('I') ? '长篇小说' : '社会科学', '中国', '现代'];
    clc = cls;
    fields.push(df('701', ' 0', [['a', author], ['4', '著']]));
  } else if (kind < 0.6) {
    const poet = ps[Math.floor(Math.pow(rnd(), 2) * ps.length)]; // famous poets more often
    const [pattern, role, form] = pick(rnd, FORMS);
    title = pattern.replace('{p}', poet.name).replace('{d}', poet.dynasty);
    const editor = personName(rnd);
    resp = role === '研究' || role === '编' ? `${editor}${role}` : `(${poet.dynasty})${poet.name}${role}`;
    subject = [poet.dynasty === '唐' ? '唐诗' : '宋词', form];
    clc = poet.dynasty === '唐' ? 'I222.742' : 'I222.844';
    fields.push(df('701', ' 0', [['c', `(${poet.dynasty})`], ['a', poet.name], ['4', role === '研究' || role === '编' ? '著' : role]]));
    if (resp.startsWith(editor)) fields.push(df('702', ' 0', [['a', editor], ['4', role]]));
    if (poet.titles.length && rnd() < 0.7) fields.push(df('330', '  ', [['a', `收录${poet.name}作品，如《${poet.titles.slice(0, 3).join('》《')}》等。`]]));
  } else {
    const [pattern, cls, subj] = pick(rnd, MODERN);
    const topic = pick(rnd, TOPICS);
    title = pattern.replace('{x}', topic);
    const author = personName(rnd);
    resp = `${author}著`;
    subject = [topic, ...subj.split(' -- ')];
    clc = `${cls}${Math.floor(rnd() * 90 + 10)}`;
    fields.push(df('701', ' 0', [['a', author], ['4', '著']]));
  }
  const price = `CNY${(20 + Math.floor(rnd() * 180)).toFixed(2)}`;
  const pages = 100 + Math.floor(rnd() * 700);
  const head: (DataField | { tag: string; value: string })[] = [
    { tag: '001', value: `GEN${seed}-${n}` },
    { tag: '005', value: `${year}0101000000.0` },
    df('010', '  ', [['a', isbnFor(n + seed * 10_000_000)], ['d', price]]),
    df('100', '  ', [['a', `${year}0101d${year}    em y0chiy50      ea`]]),
    df('101', '0 ', [['a', 'chi']]),
    df('102', '  ', [['a', 'CN'], ['b', '110000']]),
    df('200', '1 ', [['a', title], ['f', resp]]),
    df('210', '  ', [['a', place], ['c', publisher], ['d', String(year)]]),
    df('215', '  ', [['a', `${pages}页`], ['d', '21cm']]),
    df('606', '0 ', subject.map((s, i) => [i === 0 ? 'a' : 'x', s] as [string, string])),
    df('690', '  ', [['a', clc], ['v', '5']]),
  ];
  return {
    leader: '00000nam0 2200000   450 ',
    fields: [...head, ...fields, df('801', ' 0', [['a', 'CN'], ['b', 'TIANYI'], ['c', `${year}0101`]]), df('999', '  ', [['a', 'generated']])],
  };
}

/** A variation of a real MARC21 record: new 001 and ISBN, a volume/edition marker, flagged generated. */
export function varyWesternRecord(base: MarcRecord, n: number, seed = 1): MarcRecord {
  const rnd = prng(seed * 7_000_003 + n);
  const fields = base.fields
    .filter((f) => f.tag !== '001' && f.tag !== '020' && f.tag !== '999' && f.tag !== '952')
    .map((f) => {
      if (f.tag === '245' && 'subfields' in f) {
        return { ...f, subfields: [...f.subfields, { code: 'n', value: `Part ${1 + (n % 9)}` }] };
      }
      return f;
    });
  const year = 1950 + Math.floor(rnd() * 75);
  return {
    leader: base.leader.slice(0, 9) + 'a' + base.leader.slice(10),
    fields: [
      { tag: '001', value: `GENW${seed}-${n}` },
      ...fields.filter((f) => f.tag < '020'),
      df('020', '  ', [['a', isbnFor(50_000_000 + n + seed * 10_000_000)]]),
      ...fields.filter((f) => f.tag > '020'),
      df('999', '  ', [['a', 'generated'], ['b', String(year)]]),
    ],
  };
}
