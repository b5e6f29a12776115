/**
 * Pinyin tokens, so that `shen congwen`, `shencongwen`, `沈从文` and `沈從文` meet.
 *
 * Scheme (index side, for Han text in the title, series, author and subject fields):
 *  - every Han character gives its toneless syllable with the marker suffix `0`
 *    (沈从文 -> `shen0` `cong0` `wen0`, at the characters' positions; ü is written v: 女 -> `nv0`).
 *    The suffix keeps syllables out of the plain word space: the English query `long` must
 *    not match every record with 龙 or 长, and `men` every record with 门. A digit suffix
 *    survives PostgreSQL's default parser as part of the word, so the token is safe.
 *  - every jieba word of two or more characters gives its joined pinyin without marker
 *    (`shencongwen`, `hongloumeng`, `beijing`), at the word's first position;
 *  - in name fields (author), pinyin is read in surname mode (单 -> shan, 曾 -> zeng at the
 *    head of a name) and a name of 2-4 characters also gives its initials (`scw`) and the joined
 *    given name (`congwen`, after a one- or two-character surname such as 欧阳).
 *
 * Query side: a Latin term that splits completely into pinyin syllables also matches the chain
 * of marked syllables (`shencongwen` -> `shen0 <-> cong0 <-> wen0`, also `xian` -> `xi0 <-> an0`),
 * and a single syllable does so only inside a run of two or more pinyin terms
 * (`shen congwen` -> (`shen` | `shen0`) & (`congwen` | `cong0 <-> wen0`)).
 * Tone digits are accepted in queries (`shen3 cong2 wen2`).
 */
import { pinyin } from 'pinyin-pro';
import { MemoCache } from './cache.js';
import { cutRun, type PositionedToken } from './segment.js';

/** Suffix marking a single-syllable pinyin token. */
export const SYLLABLE_MARK = '0';

const SYLLABLE_LIST =
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng ' +
  'cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu ' +
  'cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ' +
  'ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan ' +
  'guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian ' +
  'jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan ' +
  'kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan ' +
  'lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne ' +
  'nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen ' +
  'peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang ' +
  'rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she ' +
  'shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan ' +
  'tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia ' +
  'xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue ' +
  'yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua ' +
  'zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo';

/** Syllables a query may be split into (plus the spellings lue/nue for lve/nve). */
const SYLLABLES = new Map<string, string>(SYLLABLE_LIST.split(' ').map((s) => [s, s]));
SYLLABLES.set('lue', 'lve');
SYLLABLES.set('nue', 'nve');
const MAX_SYLLABLE = 6;

const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 慕容 令狐 夏侯 公孙 尉迟 长孙 宇文 司徒 端木 轩辕 呼延 独孤 南宫 西门 澹台 公羊 申屠 太史 闻人 万俟 钟离 拓跋'.split(' '),
);

const VALID_RE = /^[a-z]+$/;
const pinyinCache = new MemoCache<string[]>(100_000);

/**
 * Toneless syllables of a Han word, one per character ('' where pinyin-pro has none).
 * `name` reads the head of the word in surname mode. Memoised per word.
 */
export function wordSyllables(word: string, name = false): string[] {
  return pinyinCache.through(name ? `n${word}` : `w${word}`, () => {
    const out = pinyin(word, {
      toneType: 'none',
      type: 'array',
      v: true,
      ...(name ? { mode: 'surname' as const, surname: 'head' as const } : {}),
    });
    const chars = Array.from(word);
    if (out.length !== chars.length) return chars.map((c) => syllableOf(c));
    return out.map((s) => (VALID_RE.test(s) ? s : ''));
  });
}

function syllableOf(char: string): string {
  const [s] = pinyin(char, { toneType: 'none', type: 'array', v: true });
  return s && VALID_RE.test(s) ? s : '';
}

/** Pinyin index tokens of one Han run starting at `base`. */
export function pinyinIndexTokens(run: string, base: number, name: boolean, out: PositionedToken[]): void {
  for (const { word, offset } of cutRun(run)) {
    const syllables = wordSyllables(word, name);
    let complete = true;
    for (let i = 0; i < syllables.length; i++) {
      if (syllables[i]) out.push({ token: syllables[i] + SYLLABLE_MARK, position: base + offset + i });
      else complete = false;
    }
    if (!complete || syllables.length < 2) continue;
    out.push({ token: syllables.join(''), position: base + offset });
    if (name && syllables.length <= 4) {
      out.push({ token: syllables.map((s) => s[0]).join(''), position: base + offset });
      const surname = syllables.length > 2 && COMPOUND_SURNAMES.has(word.slice(0, 2)) ? 2 : 1;
      if (syllables.length - surname >= 2) {
        out.push({ token: syllables.slice(surname).join(''), position: base + offset + surname });
      }
    }
  }
}

const TONED_RE = /^(?:[a-z]+[0-5]?)+$/;

/**
 * The ways a Latin word splits completely into pinyin syllables, fewest syllables first
 * (at most `limit`). Tone digits are ignored (`shen3` = `shen`). [] when it is not pinyin.
 */
export function splitPinyin(word: string, limit = 4): string[][] {
  let w = word;
  if (/\d/.test(w)) {
    if (!TONED_RE.test(w) || !/[a-z][0-5](?:[a-z]|$)/.test(w)) return [];
    w = w.replace(/[0-5]/g, '');
  }
  if (!VALID_RE.test(w) || w.length > 60) return [];
  // best[i]: segmentations of w.slice(i), computed right to left, each capped at `limit`.
  const best: string[][][] = new Array(w.length + 1);
  best[w.length] = [[]];
  for (let i = w.length - 1; i >= 0; i--) {
    const here: string[][] = [];
    for (let len = 1; len <= MAX_SYLLABLE && i + len <= w.length; len++) {
      const syllable = SYLLABLES.get(w.slice(i, i + len));
      if (!syllable) continue;
      for (const rest of best[i + len]) here.push([syllable, ...rest]);
    }
    here.sort((a, b) => a.length - b.length);
    best[i] = here.slice(0, limit);
  }
  return best[0];
}

/** True when the word is one pinyin syllable or a sequence of them. */
export function isPinyin(word: string): boolean {
  return splitPinyin(word, 1).length > 0;
}

const sortCache = new MemoCache<string>(20_000);

/** Toneless pinyin of a Han run for sorting, syllables separated by spaces (memoised). */
export function sortPinyin(run: string): string {
  return sortCache.through(run, (r) =>
    pinyin(r, { toneType: 'none', type: 'array', v: true })
      .map((s) => (VALID_RE.test(s) ? s : ''))
      .filter(Boolean)
      .join(' '),
  );
}
