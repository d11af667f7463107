// Fresh data dirs get the system collections and `users`; adopted PocketBase dirs are left as they are.
import { sql } from 'drizzle-orm';
import type { Conn } from '../../db/conn.ts';
import { runGet, systemTables } from '../../db/system-tables.ts';
import type { Core } from '../core.ts';
import { nowDate } from '../dates.ts';
import { writeRow } from './persist.ts';
import { createIndexes, createTable } from './schema-sync.ts';
import { defaultUsersCollection, systemCollections } from './system-collections.ts';

/**
 * Creates `_mfas`, `_otps`, `_externalAuths`, `_authOrigins`, `_superusers` and `users` (rows,
 * tables, indexes) in one transaction — only when `_collections` is empty and the dir was not
 * adopted, so an existing PocketBase schema is never re-initialised.
 */
export async function bootstrapCollections(core: Core): Promise<void> {
  if (core.store.adopted) return;
  if (hasRows(core.store.reader)) return;
  await core.store.writes.run((tx) => {
    // Re-checked inside the transaction: another process may have bootstrapped meanwhile.
    if (hasRows(tx)) return;
    const now = nowDate();
    for (const c of [...systemCollections(now), defaultUsersCollection(now)]) {
      writeRow(tx, c, true);
      createTable(tx, c);
      createIndexes(tx, c);
    }
    core.collections.reload(tx);
  });
}

function hasRows(conn: Conn): boolean {
  const { db, collections } = systemTables(conn);
  return runGet(conn, db.select({ one: sql`1` }).from(collections).limit(1)) !== null;
}
