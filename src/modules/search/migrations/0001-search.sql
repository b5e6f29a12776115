-- The search index: one narrow row per bibliographic record, written in the same transaction
-- as the record (searchable at commit). Tokens are pre-analysed in TypeScript
-- (search/analysis) and stored with the `simple` configuration; see search/README.md.
CREATE TABLE search_document (
  record_id uuid PRIMARY KEY,
  tsv tsvector NOT NULL,
  isbns text[] NOT NULL DEFAULT '{}',
  title_key text NOT NULL DEFAULT '',
  year smallint,
  language text,
  material_type text NOT NULL DEFAULT 'other',
  -- Libraries holding a copy, and those with a copy on the shelf now (availability facet).
  libraries uuid[] NOT NULL DEFAULT '{}',
  available_libraries uuid[] NOT NULL DEFAULT '{}',
  -- Query-independent rank (holdings, recency): orders very large hit sets without scoring them all.
  static_rank real NOT NULL DEFAULT 0
);
CREATE INDEX search_document_tsv ON search_document USING gin (tsv);
CREATE INDEX search_document_isbns ON search_document USING gin (isbns);
CREATE INDEX search_document_rank ON search_document (static_rank DESC, record_id);
-- No index on libraries: a library filter always accompanies text (a query is required), and the
-- text's GIN index finds the rows; an array GIN here cost every import and check-out an update.
CREATE INDEX search_document_year ON search_document (year DESC NULLS LAST, record_id);
CREATE INDEX search_document_title ON search_document (title_key, record_id);
