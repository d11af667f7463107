// One `_params` row (`settings`, `satchel`): read its stored value, or write it (created on the first write).
import { eq } from 'drizzle-orm';
import type { Conn } from '../../db/conn.ts';
import { runGet, runWrite, systemTables } from '../../db/system-tables.ts';

/** The stored value as the row holds it (JSON text, a BLOB PocketBase wrote, or sealed), or undefined. */
export function readParam(conn: Conn, id: string): unknown {
  const { db, params } = systemTables(conn);
  return runGet<{ value: unknown }>(
    conn,
    db.select({ value: params.value }).from(params).where(eq(params.id, id)),
  )?.value;
}

/**
 * Upserts the row; `value` is what `sealParam` made for this engine (a BLOB on SQLite, as
 * PocketBase writes it; JSON text on PostgreSQL). `created` is kept on an update.
 */
export function writeParam(tx: Conn, id: string, value: string | Uint8Array, now: string): void {
  const { db, params } = systemTables(tx);
  runWrite(
    tx,
    db
      .insert(params)
      // The column type says string (JSON text); a BLOB goes through the builder untouched.
      .values({ id, value: value as string, created: now, updated: now })
      .onConflictDoUpdate({ target: params.id, set: { value: value as string, updated: now } }),
  );
}
