/**
 * The catalogue query language:
 *
 *   红楼梦 曹雪芹            terms, implicit AND
 *   "边城 沈从文" “红楼梦”     phrases ("..." “...” 「...」 『...』)
 *   title:红楼梦 author:"沈从文"  fields (also 题名: 作者: 主题: 出版社: 丛书: 索书号: ti: au: ...)
 *   title:(红楼梦 OR 石头记)    a field applied to a group
 *   a AND b, a OR b, NOT a, -a, !a, a && b, a || b, 与 / 或 / 非 (standing alone)
 *   ( ... )                  grouping; NOT binds tighter than AND, AND tighter than OR
 *   libr*                    prefix
 *
 * Lower-case and/or/not are ordinary words (war and peace). A colon after an unknown Latin
 * name directly followed by text (foo:bar) is an error listing the fields; otherwise a colon
 * is punctuation (红楼梦：新解, "Java: the complete reference").
 *
 * parseQuery never throws: it returns the AST or a QUERY_SYNTAX / QUERY_TOO_LONG / QUERY_EMPTY
 * error with the offset of the problem.
 */
import { SEARCH_FIELDS, type SearchField } from '../analysis/fields.js';
import {
  FIELD_ALIASES,
  MAX_NESTING,
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  type QueryError,
  type QueryErrorCode,
  type QueryNode,
  type TermNode,
} from './ast.js';

export type ParseResult = { ok: true; ast: QueryNode } | QueryError;

type Token =
  | { t: 'lparen' | 'rparen' | 'neg'; pos: number }
  | { t: 'op'; op: 'and' | 'or' | 'not'; pos: number; text: string }
  | { t: 'field'; field: SearchField; pos: number; name: string }
  | { t: 'term'; text: string; phrase: boolean; prefix: boolean; pos: number; length: number };

class Failure extends Error {
  constructor(readonly code: QueryErrorCode, message: string, readonly position: number) {
    super(message);
  }
}

const fail = (message: string, position: number): never => {
  throw new Failure('QUERY_SYNTAX', message, position);
};

const WS_RE = /\s/;
const OPEN_QUOTES: Record<string, string> = { '"': '"”“＂', '＂': '"”“＂', '“': '"”＂', '”': '"”“＂', '「': '」', '『': '』' };
const STOP_CHARS = new Set(['(', ')', '（', '）', ...Object.keys(OPEN_QUOTES)]);
const OPERATORS: Record<string, 'and' | 'or' | 'not'> = {
  AND: 'and', '&&': 'and', '&': 'and', 与: 'and',
  OR: 'or', '||': 'or', '|': 'or', 或: 'or',
  NOT: 'not', 非: 'not',
};
const FIELD_LIST = SEARCH_FIELDS.join(', ');

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let terms = 0;
  const addTerm = (token: Token & { t: 'term' }) => {
    if (++terms > MAX_QUERY_TERMS) {
      throw new Failure('QUERY_TOO_LONG', `A query may have at most ${MAX_QUERY_TERMS} terms`, token.pos);
    }
    tokens.push(token);
  };
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (WS_RE.test(ch)) { i++; continue; }
    if (ch === '(' || ch === '（') { tokens.push({ t: 'lparen', pos: i++ }); continue; }
    if (ch === ')' || ch === '）') { tokens.push({ t: 'rparen', pos: i++ }); continue; }
    const closers = OPEN_QUOTES[ch];
    if (closers) {
      let j = i + 1;
      while (j < input.length && !closers.includes(input[j])) j++;
      if (j >= input.length) fail(`Unclosed quote ${ch}: add the closing quote`, i);
      let end = j + 1;
      let prefix = false;
      while (input[end] === '*') { prefix = true; end++; }
      addTerm({ t: 'term', text: input.slice(i + 1, j), phrase: true, prefix, pos: i, length: end - i });
      i = end;
      continue;
    }
    if ((ch === '-' || ch === '!' || ch === '+') && i + 1 < input.length && !WS_RE.test(input[i + 1])) {
      if (ch !== '+') tokens.push({ t: 'neg', pos: i });
      i++;
      continue;
    }
    let j = i;
    while (j < input.length && !WS_RE.test(input[j]) && !STOP_CHARS.has(input[j])) j++;
    const word = input.slice(i, j);
    const op = OPERATORS[word];
    if (op) { tokens.push({ t: 'op', op, pos: i, text: word }); i = j; continue; }
    const colon = word.search(/[:：]/);
    if (colon > 0) {
      const name = word.slice(0, colon);
      const field = FIELD_ALIASES[name.toLowerCase()];
      if (field) {
        tokens.push({ t: 'field', field, pos: i, name });
        i += colon + 1;
        continue;
      }
      if (/^[a-z]+$/i.test(name) && colon + 1 < word.length) {
        fail(`Unknown field "${name}"; valid fields are ${FIELD_LIST}`, i);
      }
    }
    let end = word.length;
    while (end > 0 && word[end - 1] === '*') end--;
    if (end > 0) addTerm({ t: 'term', text: word.slice(0, end), phrase: false, prefix: end < word.length, pos: i, length: j - i });
    i = j;
  }
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[], private readonly inputLength: number) {}

  parse(): QueryNode {
    const node = this.parseOr('any');
    const extra = this.tokens[this.i];
    if (extra) {
      if (extra.t === 'rparen') fail('Unexpected ")": it has no matching "("', extra.pos);
      fail('Unexpected text', extra.pos);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private startsOperand(tok: Token | undefined): boolean {
    return !!tok && (tok.t === 'term' || tok.t === 'field' || tok.t === 'lparen' || tok.t === 'neg' || (tok.t === 'op' && tok.op === 'not'));
  }

  private expectOperand(after: string, pos: number): void {
    if (!this.startsOperand(this.peek())) fail(`${after} needs a term after it`, pos);
  }

  private parseOr(field: SearchField): QueryNode {
    const children = [this.parseAnd(field)];
    for (let tok = this.peek(); tok && tok.t === 'op' && tok.op === 'or'; tok = this.peek()) {
      this.i++;
      this.expectOperand(`"${tok.text}"`, tok.pos);
      children.push(this.parseAnd(field));
    }
    return children.length === 1 ? children[0] : { type: 'or', children: flatten('or', children) };
  }

  private parseAnd(field: SearchField): QueryNode {
    const children = [this.parseUnary(field)];
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.t === 'rparen' || (tok.t === 'op' && tok.op === 'or')) break;
      if (tok.t === 'op' && tok.op === 'and') {
        this.i++;
        this.expectOperand(`"${tok.text}"`, tok.pos);
      }
      children.push(this.parseUnary(field));
    }
    return children.length === 1 ? children[0] : { type: 'and', children: flatten('and', children) };
  }

  private parseUnary(field: SearchField): QueryNode {
    const tok = this.peek();
    if (!tok) return fail('The query ends where a term was expected', this.inputLength);
    switch (tok.t) {
      case 'neg':
      case 'op': {
        if (tok.t === 'op' && tok.op !== 'not') {
          return fail(`"${tok.text}" needs a term before it`, tok.pos);
        }
        this.i++;
        this.expectOperand(tok.t === 'op' ? `"${tok.text}"` : 'An exclusion', tok.pos);
        return { type: 'not', child: this.parseUnary(field), position: tok.pos };
      }
      case 'lparen': {
        this.i++;
        if (++this.depth > MAX_NESTING) fail(`Parentheses nest more than ${MAX_NESTING} deep`, tok.pos);
        if (this.peek()?.t === 'rparen') fail('Empty parentheses', tok.pos);
        if (!this.peek()) fail('Missing ")" for this "("', tok.pos);
        const node = this.parseOr(field);
        if (this.peek()?.t !== 'rparen') fail('Missing ")" for this "("', tok.pos);
        this.i++;
        this.depth--;
        return node;
      }
      case 'rparen':
        return fail('Unexpected ")": it has no matching "("', tok.pos);
      case 'field': {
        this.i++;
        const next = this.peek();
        if (next?.t === 'term') {
          this.i++;
          return termNode(next, tok.field);
        }
        if (next?.t === 'lparen') return this.parseUnary(tok.field);
        return fail(`Field "${tok.name}:" needs a term or a group after it`, tok.pos);
      }
      case 'term':
        this.i++;
        return termNode(tok, field);
    }
  }
}

function termNode(tok: Token & { t: 'term' }, field: SearchField): TermNode {
  return { type: 'term', field, text: tok.text, phrase: tok.phrase, prefix: tok.prefix, position: tok.pos, length: tok.length };
}

function flatten(type: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  return children.flatMap((c) => (c.type === type ? c.children : [c]));
}

/** Parses a query; never throws. */
export function parseQuery(input: unknown): ParseResult {
  try {
    if (typeof input !== 'string' || input.trim() === '') {
      return { ok: false, code: 'QUERY_EMPTY', message: 'The query is empty', position: 0 };
    }
    if (input.length > MAX_QUERY_LENGTH) {
      return {
        ok: false,
        code: 'QUERY_TOO_LONG',
        message: `The query is ${input.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
        position: MAX_QUERY_LENGTH,
      };
    }
    const tokens = lex(input);
    if (!tokens.length) return { ok: false, code: 'QUERY_EMPTY', message: 'The query has no terms', position: 0 };
    return { ok: true, ast: new Parser(tokens, input.length).parse() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, code: e.code, message: e.message, position: e.position };
    return { ok: false, code: 'QUERY_SYNTAX', message: 'The query could not be read', position: 0 };
  }
}
