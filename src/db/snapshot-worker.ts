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

/**
 * What `check` found: `ok` only for a SQLite file that passes integrity_check and has `_collections`.
 * `checkpoint` also says how long the WAL is (bytes of frames in use, not the file's size).
 */
export type CheckResult = { ok: true; walBytes?: number } | { ok: false; reason: string };

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

/** A tail this short (in frames, a page each) is left to the app writer's own checkpoint. */
const SMALL_TAIL = 256;
const MAX_ROUNDS = 8;

/**
 * Passive checkpoints back to back until one had little left to copy: each copies what the app's
 * writers added during the one before, so the tail shrinks while copying outpaces writing. PASSIVE
 * never waits for the writer, and the fsyncs happen on this thread, not on the event loop.
 * (Measured with 8 busy writers: 4,700 frames, then 60.)
 */
function checkpoint(path: string): number {
  const db = new Database(path);
  try {
    db.run('PRAGMA busy_timeout = 10000');
    const passive = db.query('PRAGMA wal_checkpoint(PASSIVE)');
    let row = { log: 0, checkpointed: 0 };
    let before = -1;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      row = passive.get() as typeof row;
      // Fewer than before: the WAL started over meanwhile (writes paused), so little is left too.
      if (before >= 0 && row.checkpointed - before < SMALL_TAIL) break;
      before = row.checkpointed;
    }
    passive.finalize();
    const { page_size } = db.query('PRAGMA page_size').get() as { page_size: number };
    return row.log * page_size;
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
      postMessage({ ok: true, walBytes: checkpoint(job.path) });
    } else {
      postMessage(check(job.path));
    }
  } catch (err) {
    postMessage({ ok: false, reason: (err as Error).message, failed: true });
  }
};
