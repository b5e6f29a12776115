/** The searchable fields, their tsvector weights and which ones get pinyin. See ../README.md. */

export const SEARCH_FIELDS = ['title', 'author', 'subject', 'publisher', 'series', 'isbn', 'callnumber', 'any'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
/** Fields a record supplies at index time ('any' = other text: notes, contents, ...). */
export type IndexField = SearchField;
export type Weight = 'A' | 'B' | 'C' | 'D';

/**
 * Weight of each field's positions in the record's single tsvector; a fielded query term
 * carries the same label (`token:A`). Title and series share A (a title search in a library
 * catalogue conventionally covers series titles), author is B, subject C, and publisher,
 * call number, identifiers and other text are D. `any` queries carry no label.
 */
export const FIELD_WEIGHT: Record<SearchField, Weight | null> = {
  title: 'A',
  series: 'A',
  author: 'B',
  subject: 'C',
  publisher: 'D',
  callnumber: 'D',
  isbn: 'D',
  any: null,
};

/** Index-side weight (the 'any' field supplies other text, stored with D). */
export function indexWeight(field: IndexField): Weight {
  return FIELD_WEIGHT[field] ?? 'D';
}

/** Fields whose Han text also gets pinyin tokens. */
export const PINYIN_FIELDS: ReadonlySet<SearchField> = new Set(['title', 'series', 'author', 'subject']);
/** Fields read as personal names (pinyin surname mode, initials, given name). */
export const NAME_FIELDS: ReadonlySet<SearchField> = new Set(['author']);

export function isSearchField(s: string): s is SearchField {
  return (SEARCH_FIELDS as readonly string[]).includes(s);
}
