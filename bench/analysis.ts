/**
 * Search analysis throughput: analyzeDocument (normalise, traditional -> simplified, jieba,
 * bigrams, pinyin, ISBN, tsvector literal) for a typical title + author + subject + publisher
 * (+ ISBN) record, on one core, plus query compilation.
 *
 * Records come from a deterministic generator: titles are unique (random words and characters,
 * some traditional), authors are mostly unique random names, subjects and publishers repeat
 * from pools as in a real catalogue; one record in five is English.
 *
 * Run: npx tsx bench/analysis.ts            (RECORDS=100000 by default)
 */
import { analyzeDocument, type SearchDocument } from '../src/modules/search/analysis/document.js';
import { normalizeText } from '../src/modules/search/analysis/normalize.js';
import { compileSearch } from '../src/modules/search/query/compile.js';

const RECORDS = Number(process.env.RECORDS ?? 100_000);

let seed = 42;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
const pick = <T>(a: readonly T[]): T => a[rand(a.length)];

const WORDS = '中国 历史 文学 研究 小说 现代 古代 文化 社会 经济 发展 理论 实践 问题 教育 科学 技术 艺术 哲学 思想 人民 世界 城市 乡村 故事 传统 民族 语言 政治 法律 管理 信息 网络 数据 图书馆 红楼梦 边城 诗词 散文 选集 全集 概论 导论 教程 史话 笔记 评论 丛书 江南 长江 黄河 北京 上海 天津 西湖 春秋 秋天 月光 大海 山水 少年 青春 记忆 时代 生活 家庭 儿童 科普 计算机 程序设计 人工智能 中华人民共和国 傳統 歷史 圖書館 藝術 學術 經濟 與 的 之'.split(' ');
const CHARS = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜海咸河淡鳞潜羽翔龙师火帝鸟官人皇';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单欧阳司马';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志红玉梅兵飞鹏辉晓东海波宁从雪琳';
const SUBJECTS = ['中篇小说-中国-现代', '长篇小说-中国-当代', '中国文学-古典文学-研究', '红楼梦研究', '图书馆学', '计算机网络', '程序设计-教材', '中国历史-通俗读物', '儿童文学-中国', '诗词-中国-唐代', '经济学-理论', '哲学-西方'];
const PUBLISHERS = ['人民文学出版社', '商务印书馆', '中华书局', '生活·读书·新知三联书店', '上海古籍出版社', '北京大学出版社', '清华大学出版社', '科学出版社', '浙江文艺出版社', '譯林出版社'];
const EN_WORDS = 'history of china the a modern literature introduction to library science data structures and algorithms world war peace art music poetry economics philosophy new york city life children stories'.split(' ');
const EN_PUB = ['Penguin', 'Oxford University Press', 'Springer', 'Cambridge University Press', "O'Reilly Media"];

function isbn(): string {
  let s = '9787';
  for (let i = 0; i < 8; i++) s += rand(10);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 ? 3 : 1);
  return `${s.slice(0, 3)}-${s.slice(3, 4)}-${s.slice(4, 8)}-${s.slice(8)}-${(10 - (sum % 10)) % 10} : CNY${rand(90) + 10}.00`;
}

function record(): SearchDocument {
  if (rand(5) === 0) {
    const t = Array.from({ length: 3 + rand(6) }, () => pick(EN_WORDS)).join(' ');
    return {
      title: t[0].toUpperCase() + t.slice(1),
      author: `${pick(['Smith', 'Zhang', 'Brown', 'Li', 'Garcia', "O'Neill"])}, ${pick(['John', 'Wei', 'Mary', 'Ana'])}`,
      subject: [`${pick(EN_WORDS)} -- ${pick(EN_WORDS)}`],
      publisher: pick(EN_PUB),
      isbn: isbn(),
    };
  }
  let title = '';
  for (let n = 2 + rand(4); n > 0; n--) title += rand(3) ? pick(WORDS) : CHARS[rand(CHARS.length)] + CHARS[rand(CHARS.length)];
  if (rand(3) === 0) title += `：${pick(WORDS)}${pick(WORDS)}`;
  const author = SURNAMES[rand(SURNAMES.length)] + GIVEN[rand(GIVEN.length)] + (rand(2) ? GIVEN[rand(GIVEN.length)] : '');
  return {
    title: `《${title}》`,
    author: [`${author}${pick(['著', '编著', '主编', '译', ''])}`],
    subject: [pick(SUBJECTS), pick(SUBJECTS)],
    publisher: pick(PUBLISHERS),
    isbn: isbn(),
  };
}

const docs = Array.from({ length: RECORDS }, record);

function run(label: string, n: number, fn: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const ms = performance.now() - start;
  console.log(`${label.padEnd(44)} ${(n / (ms / 1000)).toFixed(0).padStart(8)} /s  ${((ms * 1000) / n).toFixed(1).padStart(7)} µs each`);
  return ms;
}

console.log(`search analysis, ${RECORDS} generated records, one core (node ${process.version})`);
let lexemes = 0;
let bytes = 0;
const COLD = Math.min(10_000, RECORDS);
run(`analyzeDocument, first ${COLD} (cold caches)`, COLD, (i) => void analyzeDocument(docs[i]));
run(`analyzeDocument, all ${RECORDS}`, RECORDS, (i) => {
  const d = analyzeDocument(docs[i]);
  lexemes += d.lexemes;
  bytes += Buffer.byteLength(d.vector);
});
console.log(`  ${(lexemes / RECORDS).toFixed(1)} lexemes and ${(bytes / RECORDS).toFixed(0)} bytes of tsvector text per record`);
run('normalizeText only (4 fields)', RECORDS, (i) => {
  const d = docs[i];
  for (const v of [d.title, d.author, d.subject, d.publisher]) for (const s of [v ?? []].flat()) normalizeText(s as string);
});

const QUERIES = ['红楼梦', '紅樓夢 研究', 'shen congwen', 'shencongwen', 'title:边城 author:沈从文', '"中华人民共和国史"', 'history of china', 'isbn:7-02-000220-X', '(小说 OR 散文) -诗歌', 'libr*'];
run('compileSearch (mixed queries)', 50_000, (i) => void compileSearch(QUERIES[i % QUERIES.length]));
