/** The parent rules shared by createLibrary and updateLibrary: the network is a tree under 总馆. */
import { one, type Db } from '../../../kernel/db/pool.js';
import { refuse, type Refusal } from '../../../kernel/errors.js';
import { isUuid } from '../support.js';
import type { LibraryKind } from '../types.js';

export async function checkParent(db: Db, selfId: string | null, kind: LibraryKind, parentId: string | null): Promise<void> {
  const refusals: (Refusal | null)[] = [];
  if (kind === 'central' && parentId) {
    refusals.push({ code: 'CENTRAL_HAS_NO_PARENT', message: 'The central library heads the network; it has no parent.', parameter: { name: 'parentId', value: parentId } });
  }
  if (parentId && parentId === selfId) {
    refusals.push({ code: 'PARENT_IS_SELF', message: 'A library cannot be its own parent.', parameter: { name: 'parentId', value: parentId } });
  } else if (parentId) {
    const found = isUuid(parentId) ? await one(db, 'SELECT 1 FROM consortium_library WHERE id = $1', [parentId]) : null;
    if (!found) {
      refusals.push({ code: 'PARENT_LIBRARY_NOT_FOUND', message: `No library ${parentId} to be the parent.`, parameter: { name: 'parentId', value: parentId } });
    } else if (selfId) {
      // Walk up from the proposed parent; meeting ourselves would close a loop.
      const loop = await one(
        db,
        `WITH RECURSIVE up AS (
           SELECT id, parent_id FROM consortium_library WHERE id = $1
           UNION SELECT l.id, l.parent_id FROM consortium_library l JOIN up ON l.id = up.parent_id)
         SELECT 1 FROM up WHERE id = $2`,
        [parentId, selfId],
      );
      if (loop) refusals.push({ code: 'PARENT_CYCLE', message: 'That parent is one of this library’s own branches.', parameter: { name: 'parentId', value: parentId } });
    }
  }
  refuse(refusals);
}
