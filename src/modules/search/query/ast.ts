/** The query AST produced by parse.ts and compiled by compile.ts. */
import type { SearchField } from '../analysis/fields.js';

export type { SearchField } from '../analysis/fields.js';

export interface TermNode {
  type: 'term';
  field: SearchField;
  /** The term as typed (without quotes, field prefix, leading -/+ or trailing *). */
  text: string;
  /** Quoted: match as a phrase. */
  phrase: boolean;
  /** Trailing `*`: prefix match. */
  prefix: boolean;
  /** Offset of the term in the query text (UTF-16 code units) and its length there. */
  position: number;
  length: number;
}

export interface BoolNode {
  type: 'and' | 'or';
  children: QueryNode[];
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
  position: number;
}

export type QueryNode = TermNode | BoolNode | NotNode;

export type QueryErrorCode = 'QUERY_SYNTAX' | 'QUERY_TOO_LONG' | 'QUERY_EMPTY';

export interface QueryError {
  ok: false;
  code: QueryErrorCode;
  message: string;
  /** Offset in the query text where the problem is (0 when it concerns the whole query). */
  position: number;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;
export const MAX_NESTING = 16;

/**
 * Field names accepted before a colon (case-insensitive), including short and Chinese aliases.
 */
export const FIELD_ALIASES: Readonly<Record<string, SearchField>> = {
  title: 'title', ti: 'title', 题名: 'title', 书名: 'title', 标题: 'title',
  author: 'author', au: 'author', 作者: 'author', 著者: 'author', 责任者: 'author',
  subject: 'subject', su: 'subject', 主题: 'subject', 主题词: 'subject',
  publisher: 'publisher', pb: 'publisher', pub: 'publisher', 出版社: 'publisher', 出版者: 'publisher',
  series: 'series', se: 'series', 丛书: 'series', 丛编: 'series',
  isbn: 'isbn', issn: 'isbn', 标准号: 'isbn',
  callnumber: 'callnumber', cn: 'callnumber', callno: 'callnumber', 索书号: 'callnumber',
  any: 'any', all: 'any', kw: 'any', keyword: 'any', 任意: 'any', 全部: 'any', 关键词: 'any',
};
