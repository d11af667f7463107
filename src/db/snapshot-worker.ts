// Worker thread for src/db/snapshot.ts: the synchronous SQLite work that must not block the event loop.
import { Database } from 'bun:sqlite';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

declare const self: Worker;

/**
 * Backups are background work: on Linux `nice` is per thread, so this thread (VACUUM INTO, the
 * checkpoints) yields the CPU to the app's event loop and its writer. Elsewhere, nothing changes.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, 10);
  } catch {
    // No /proc (macOS, Windows): run at normal priority.
  }
}
lowerPriority();

export type SnapshotJob =
  | { op: 'vacuum'; src: string; dest: string }
  | { op: 'check'; path: string }
  | { op: 'checkpoint'; path: string };

/** What `check` found: `ok` only for a SQLite file that passes integrity_check and has `_collections`. */
export type CheckResult = { ok: true } | { ok: false; reason: string };

function vacuumInto(src: string, dest: string): void {
  // A connection of its own: VACUUM INTO reads inside one read transaction, so under WAL it sees one
  // consistent snapshot while the app's writer keeps committing.
  const db = new Database(src, { readonly: true });
  try {
    db.run('PRAGMA busy_timeout = 10000');
    db.run('VACUUM INTO ?', [dest]);
  } finally {
    db.close();
  }
}

function check(path: string): CheckResult {
  let db: Database;
  try {
    db = new Database(path, { readonly: true });
  } catch (err) {
    return { ok: false, reason: `cannot open data.db (${(err as Error).message})` };
  }
  try {
    const rows = db.query('PRAGMA integrity_check').all() as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') {
      return { ok: false, reason: 'data.db fails the integrity check' };
    }
    const table = db
      .query("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = '_collections'")
      .get();
    if (!table) return { ok: false, reason: 'data.db has no _collections table' };
    return { ok: true };
  } catch (err) {
    // "file is not a database" surfaces at the first query, not at open.
    return { ok: false, reason: `data.db is not a valid database (${(err as Error).message})` };
  } finally {
    db.close();
  }
}

self.onmessage = (event: MessageEvent<SnapshotJob>) => {
  const job = event.data;
  try {
    if (job.op === 'vacuum') {
      vacuumInto(job.src, job.dest);
      postMessage({ ok: true });
    } else if (job.op === 'checkpoint') {
      const db = new Database(job.path);
      try {
        db.run('PRAGMA busy_timeout = 10000');
        // PASSIVE: never waits for the app's writer; its fsync happens here, not on the event loop.
        db.run('PRAGMA wal_checkpoint(PASSIVE)');
      } finally {
        db.close();
      }
      postMessage({ ok: true });
    } else {
      postMessage(check(job.path));
    }
  } catch (err) {
    postMessage({ ok: false, reason: (err as Error).message, failed: true });
  }
};
