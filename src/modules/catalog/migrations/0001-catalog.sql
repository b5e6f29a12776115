-- Bibliographic records. MARC (as JSON of src/protocols/marc/types.ts) is the source of truth;
-- `display` holds the fields derived from it (catalog/derive.ts), recomputed on every write.
CREATE TABLE catalog_record (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  flavour text NOT NULL CHECK (flavour IN ('marc21', 'cnmarc')),
  control_number text,
  isbns text[] NOT NULL DEFAULT '{}',
  marc jsonb NOT NULL,
  display jsonb NOT NULL,
  source text,
  -- sha1 of the MARC as stored: the match of last resort, so re-running a killed import of
  -- records without 001 or ISBN updates instead of duplicating.
  content_hash text NOT NULL,
  -- Records made by the scale generator carry this flag (and a local 999 field) so nobody
  -- mistakes them for real cataloguing.
  generated boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX catalog_record_control_number ON catalog_record (control_number) WHERE control_number IS NOT NULL;
CREATE INDEX catalog_record_content_hash ON catalog_record (content_hash);

-- ISBN/ISSN keys of each record, for matching on import: a btree answers "= ANY(thousands of
-- keys)" in one index pass, where a GIN overlap on an array column plans as a table scan.
CREATE TABLE catalog_isbn (
  isbn text NOT NULL,
  record_id uuid NOT NULL REFERENCES catalog_record (id) ON DELETE CASCADE,
  PRIMARY KEY (isbn, record_id)
);
CREATE INDEX catalog_isbn_record ON catalog_isbn (record_id);
