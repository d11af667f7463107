// Rows of `_migrations(file, applied)`, the table PocketBase and Satchel share for applied migrations.
import { desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Conn } from './conn.ts';
import { runAll, runWrite, systemTables } from './system-tables.ts';

/** Every recorded file name. */
export function appliedFiles(conn: Conn): Set<string> {
  const { db, migrations } = systemTables(conn);
  const rows = runAll<{ file: string }>(
    conn,
    db.select({ file: migrations.file }).from(migrations),
  );
  return new Set(rows.map((r) => r.file));
}

/**
 * Records `file` as applied at `applied` (microseconds). `refresh`: a file already recorded gets
 * the new stamp (re-applying a user migration); otherwise the existing row stays.
 */
export function recordMigration(conn: Conn, file: string, applied: number, refresh: boolean): void {
  const { db, migrations } = systemTables(conn);
  const insert = db.insert(migrations).values({ file, applied });
  runWrite(
    conn,
    refresh
      ? insert.onConflictDoUpdate({ target: migrations.file, set: { applied } })
      : insert.onConflictDoNothing({ target: migrations.file }),
  );
}

export function forgetMigration(conn: Conn, file: string): void {
  const { db, migrations } = systemTables(conn);
  runWrite(conn, db.delete(migrations).where(eq(migrations.file, file)));
}

/**
 * Recorded files, newest first as PocketBase orders them: by the first 16 digits of `applied`
 * (its stamps were seconds before they were microseconds), then by name.
 */
export function filesNewestFirst(conn: Conn): string[] {
  const { db, migrations } = systemTables(conn);
  const rows = runAll<{ file: string }>(
    conn,
    db
      .select({ file: migrations.file })
      .from(migrations)
      .where(isNotNull(migrations.applied))
      .orderBy(
        sql`substr(${migrations.applied}||'0000000000000000', 0, 17) DESC`,
        desc(migrations.file),
      ),
  );
  return rows.map((r) => r.file);
}
