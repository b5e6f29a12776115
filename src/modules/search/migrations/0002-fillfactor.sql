-- Every check-out or return that changes where a title is on the shelf rewrites its row's
-- libraries / available_libraries. Those columns are not indexed, so with room left on the page
-- the update is HOT: no new entries in the tsv GIN index (all of a record's lexemes) or the
-- sort indexes. Applies to pages written from now on (imports, re-indexing).
ALTER TABLE search_document SET (fillfactor = 80);
