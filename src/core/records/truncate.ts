// Truncating a collection: every record goes through the delete pipeline (hooks, cascades, realtime).
import { removeFiles, requireCollection } from '../collections/save.ts';
import { q } from '../collections/schema-sync.ts';
import type { Core } from '../core.ts';
import { BadRequestError } from '../errors.ts';
import { recordFromRow } from './codec.ts';
import { deleteRecordInternal } from './save.ts';

export const TRUNCATE_FAILED =
  'Failed to truncate collection (most likely due to required cascade delete record references).';

/**
 * `DELETE /api/collections/{c}/truncate`: every record goes. When other collections point at this
 * one, records are deleted one by one so cascade/required-reference rules apply; else a plain DELETE.
 */
export async function truncateCollection(core: Core, idOrName: string): Promise<void> {
  const c = requireCollection(core, idOrName);
  if (c.type === 'view')
    throw new BadRequestError(
      "View collections cannot be truncated since they don't store their own records.",
    );
  // Record by record, as PocketBase does: every delete runs its hooks, cascades and references,
  // and realtime subscribers see each record go. In pages, so memory stays flat.
  await core.store.writes.run(async (tx) => {
    for (;;) {
      const rows = tx.all<Record<string, unknown>>(`SELECT * FROM ${q(c.name)} LIMIT 500`);
      if (rows.length === 0) break;
      for (const row of rows) {
        try {
          await deleteRecordInternal(core, c, recordFromRow(c, row));
        } catch {
          throw new BadRequestError(TRUNCATE_FAILED);
        }
      }
    }
  });
  await removeFiles(core, c.id);
}
