// `migrate up | down [n] | history-sync` over the user migration files, recorded in `_migrations`.
//
// One write transaction for the whole run, as PocketBase's MigrationsRunner: either every pending
// file applies or none does. Satchel's own system migrations (`satchel_…`, src/db/migrate.ts) and
// PocketBase's (`….go`) share the table and are never touched here.
import type { Conn } from '../../db/conn.ts';
import {
  appliedFiles,
  filesNewestFirst,
  forgetMigration,
  recordMigration,
} from '../../db/migration-rows.ts';
import { collectionsWrite } from '../collections/save.ts';
import { type Core, readConn } from '../core.ts';
import { MigrationError, type MigrationFile } from './load.ts';
import { createMigrationApp } from './migration-app.ts';

export { MigrationError };

let lastApplied = 0;

/** Microseconds, as PocketBase stores `applied`; strictly increasing so order survives a burst. */
export function appliedStamp(): number {
  lastApplied = Math.max(Date.now() * 1000, lastApplied + 1);
  return lastApplied;
}

export function recordApplied(tx: Conn, file: string): void {
  // Re-applying a file refreshes its stamp.
  recordMigration(tx, file, appliedStamp(), true);
}

/** Runs every file not yet in `_migrations`, in name order; returns their names. */
export async function migrateUp(core: Core, files: MigrationFile[]): Promise<string[]> {
  // Nothing pending (every start of a dir without new files): no write transaction, and no second
  // reload of the collections after it. A file seen pending here is checked again inside it.
  const applied = files.length > 0 ? appliedFiles(readConn(core)) : new Set<string>();
  if (files.every((m) => applied.has(m.file))) return [];
  return collectionsWrite(core, (tx) => {
    const app = createMigrationApp(core, tx);
    const applied = appliedFiles(tx);
    const done: string[] = [];
    for (const m of files) {
      if (applied.has(m.file)) continue;
      try {
        m.up?.(app);
      } catch (err) {
        throw new MigrationError(`failed to apply migration ${m.file}`, err);
      }
      recordApplied(tx, m.file);
      done.push(m.file);
    }
    return done;
  });
}

/** The last `n` applied files that still exist, newest first (PocketBase's order). */
export function lastAppliedFiles(tx: Conn, files: MigrationFile[], n: number): string[] {
  const known = new Set(files.map((f) => f.file));
  return filesNewestFirst(tx)
    .filter((f) => known.has(f))
    .slice(0, n);
}

/** Reverts the last `n` applied files (all of them when n < 0); returns their names. */
export async function migrateDown(
  core: Core,
  files: MigrationFile[],
  n: number,
): Promise<string[]> {
  return collectionsWrite(core, (tx) => {
    const app = createMigrationApp(core, tx);
    const names = lastAppliedFiles(tx, files, n < 0 ? files.length : n);
    for (const name of names) {
      const m = files.find((f) => f.file === name)!;
      try {
        m.down?.(app);
      } catch (err) {
        throw new MigrationError(`failed to revert migration ${m.file}`, err);
      }
      forgetMigration(tx, name);
    }
    return names;
  });
}

/**
 * Forgets applied user files that no longer exist. Only rows naming a `.js`/`.ts` file are
 * candidates: `satchel_…` and PocketBase's `….go` system rows stay, or PocketBase would re-run its
 * system migrations on this data dir.
 */
export async function historySync(core: Core, files: MigrationFile[]): Promise<string[]> {
  const known = new Set(files.map((f) => f.file));
  return core.store.writes.run((tx) => {
    const gone = [...appliedFiles(tx)].filter(
      (f) => /\.(js|ts)$/.test(f) && !f.startsWith('satchel_') && !known.has(f),
    );
    for (const f of gone) forgetMigration(tx, f);
    return gone;
  });
}
