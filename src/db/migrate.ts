// Applies drizzle-kit's SQL migrations, recorded in PocketBase's own `_migrations` table.
//
// Why not drizzle's migrator: it keeps `__drizzle_migrations` and reads the folder from disk (fails in
// the compiled binary). PocketBase tracks applied files in `_migrations(file, applied)`, ignoring
// names it does not know, so recording ours there keeps one bookkeeping table a PocketBase can open.
import type { Conn } from './conn.ts';
import { appliedFiles, recordMigration } from './migration-rows.ts';
import { migrationSets } from './migrations.gen.ts';

const PREFIX = 'satchel_';

/** The table PocketBase itself creates; needed before anything can be recorded. */
const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS `_migrations` (file VARCHAR(255) PRIMARY KEY NOT NULL, applied INTEGER NOT NULL)';

/**
 * PocketBase 0.40's own system migrations, whose end state a fresh Satchel dir is created in. Recorded
 * as applied so that PocketBase opens a dir Satchel made (else it re-runs its init and fails on
 * "table `_params` already exists"); PocketBase keeps them in data.db, the auxiliary init included.
 */
export const POCKETBASE_SYSTEM_MIGRATIONS = [
  '1640988000_aux_init.go',
  '1640988000_init.go',
  '1717233556_v0.23_migrate.go',
  '1717233557_v0.23_migrate2.go',
  '1717233558_v0.23_migrate3.go',
  '1717233559_v0.23_migrate4.go',
  '1763020353_update_default_auth_alert_templates.go',
  '1778828400_normalize_indexes.go',
] as const;

function tableExists(conn: Conn, name: string): boolean {
  if (conn.engine === 'postgres')
    return conn.get('SELECT to_regclass(?) AS t', [`"${name}"`])?.t != null;
  return conn.get("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name]) !== null;
}

/**
 * An existing data dir (PocketBase's or ours) already has the tables our first migration creates:
 * adopt it by recording that migration as applied instead of re-running it.
 */
export function migrateDatabase(conn: Conn, set: keyof typeof migrationSets): { adopted: boolean } {
  const baseline = set === 'auxiliary' ? '_logs' : '_collections';
  const hadTables = tableExists(conn, baseline);
  // PostgreSQL: microsecond timestamps overflow its 32-bit INTEGER.
  conn.exec(
    conn.engine === 'postgres' ? MIGRATIONS_TABLE.replace('INTEGER', 'BIGINT') : MIGRATIONS_TABLE,
  );
  const applied = appliedFiles(conn);
  const adopted = hadTables && !applied.has(`${PREFIX}${set}_0000_init`);
  const now = Date.now() * 1000;
  conn.exec('BEGIN');
  try {
    for (const [i, m] of migrationSets[set].entries()) {
      const file = `${PREFIX}${set}_${m.tag}`;
      if (applied.has(file)) continue;
      if (!(i === 0 && hadTables)) {
        for (const stmt of m.sql.split('--> statement-breakpoint')) {
          // The baseline's `_migrations` already exists (created above, or by PocketBase).
          const s = stmt
            .trim()
            .replace(
              /^CREATE TABLE ([`"])_migrations\1/,
              'CREATE TABLE IF NOT EXISTS $1_migrations$1',
            );
          if (s) conn.exec(s);
        }
      }
      recordMigration(conn, file, now, false);
    }
    if (set !== 'auxiliary' && !hadTables) {
      for (const file of POCKETBASE_SYSTEM_MIGRATIONS) {
        recordMigration(conn, file, now, false);
      }
    }
    conn.exec('COMMIT');
  } catch (err) {
    if (conn.inTransaction) conn.exec('ROLLBACK');
    throw err;
  }
  return { adopted };
}
