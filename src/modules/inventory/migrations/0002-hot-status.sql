-- A check-out, a return or a transit changes an item's status and where it is now, nothing
-- else. With neither column indexed and room left on the page, PostgreSQL makes that update HOT:
-- the new row version stays on its page and no index gets a new entry. The (library_id, status)
-- index made every status change a full update (new entries in all four indexes, and after each
-- checkpoint their pages' full images in the WAL) while no query used it: inventory reads items
-- by barcode, id and record only. A list per library and status gets an index when it exists,
-- one that leaves status out.
DROP INDEX IF EXISTS inventory_item_library_status;
-- Room on each page for the updated version (applies to pages written from now on: imports).
ALTER TABLE inventory_item SET (fillfactor = 90);
