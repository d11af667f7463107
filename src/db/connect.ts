// Opens a data dir's databases with PocketBase's pragmas: a writer, a reader and the logs database.
import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Conn, wrapConnection } from './conn.ts';
import { LogBuffer } from './log-buffer.ts';
import type { LogSink } from './log-sink.ts';
import { migrateDatabase } from './migrate.ts';
import { WalCheckpoints } from './wal-checkpoints.ts';
import { WriteQueue } from './write-queue.ts';

/** collections-and-fields.md §7: the pragmas PocketBase sets on every connection. */
const PRAGMAS = [
  'PRAGMA busy_timeout = 10000',
  'PRAGMA journal_mode = WAL',
  'PRAGMA journal_size_limit = 200000000',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA temp_store = MEMORY',
  'PRAGMA cache_size = -32000',
];

export interface Store {
  /** Reads outside a write transaction. WAL lets it run beside the writer without blocking. */
  readonly reader: Conn;
  /** The one writer; only the write queue hands it out, so transactions never interleave. */
  readonly writes: WriteQueue;
  /** auxiliary.db: request logs (on PostgreSQL, the same database as the rest). */
  readonly aux: Conn;
  /** `_logs` rows on their way to `aux` in batches (a worker inserts them); `drain` before close. */
  readonly logs: LogSink;
  /** `postgres://…` when the records live in PostgreSQL (`--db`); null for the data dir's SQLite. */
  readonly dbUrl: string | null;
  /**
   * Held from open until the app has bootstrapped and migrated: several nodes starting on one
   * PostgreSQL database take turns (an advisory lock). SQLite: nothing to do (one file, its lock).
   */
  releaseStartup(): void;
  /** True when the dir was created by PocketBase (or a former Satchel) and adopted as it is. */
  readonly adopted: boolean;
  /** data.db's WAL checkpoints, off the event loop (a backup pauses them); null on PostgreSQL. */
  readonly checkpoints: WalCheckpoints | null;
  close(): void;
}

function open(path: string): Database {
  const db = new Database(path, { create: true, strict: true });
  for (const p of PRAGMAS) db.run(p);
  return db;
}

export interface StoreOptions {
  /** `postgres://…` (`--db`, `SATCHEL_DB_URL`): records, settings and logs in PostgreSQL. */
  dbUrl?: string | null;
}

export function openStore(dir: string, options: StoreOptions = {}): Store {
  mkdirSync(dir, { recursive: true });
  if (options.dbUrl) return openPostgresStore(options.dbUrl);
  const writerDb = open(join(dir, 'data.db'));
  const auxDb = open(join(dir, 'auxiliary.db'));
  const writer = wrapConnection(writerDb);
  const { adopted } = migrateDatabase(writer, 'data');
  const aux = wrapConnection(auxDb);
  migrateDatabase(aux, 'auxiliary');
  const readerDb = open(join(dir, 'data.db'));
  const reader = wrapConnection(readerDb);
  const writes = new WriteQueue(writer);
  // The writer's auto-checkpoint would copy the WAL back on the event loop, at the commit that
  // crosses 1000 pages (tens of ms with large writes): a worker thread does it instead.
  writerDb.run('PRAGMA wal_autocheckpoint = 0');
  const checkpoints = new WalCheckpoints(join(dir, 'data.db'), (elsewhere) =>
    writes.checkpoint(elsewhere),
  );
  writes.watchCommits(checkpoints);
  const logs = new LogBuffer(aux, join(dir, 'auxiliary.db'));
  return {
    reader,
    writes,
    aux,
    logs,
    adopted,
    checkpoints,
    dbUrl: null,
    releaseStartup() {},
    close() {
      logs.close();
      // Checkpoint so the dir is a clean single file for PocketBase or a backup.
      readerDb.close();
      try {
        writerDb.run('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // busy with another process (e.g. a CLI command): the WAL stays and is replayed on open.
      }
      writerDb.close();
      auxDb.close();
      // Last: closing its descriptor of data.db-shm drops this process's locks on that file (POSIX).
      checkpoints.close();
    },
  };
}

/**
 * PostgreSQL: the writer is one reserved connection (transactions), reads go to the pool. The data
 * dir still holds files, backups and hooks; only the tables move.
 */
/** The advisory lock key nodes take while they create or migrate the schema ("satchel" in ASCII). */
const STARTUP_LOCK = 0x736174636865;

function openPostgresStore(url: string): Store {
  // The PostgreSQL side loads with `--db` only, not at every SQLite start.
  const { PgBridge } = require('./pg/bridge.ts') as typeof import('./pg/bridge.ts');
  const { pgConnection } = require('./pg/conn.ts') as typeof import('./pg/conn.ts');
  const { PgLogBuffer } = require('./pg/log-buffer.ts') as typeof import('./pg/log-buffer.ts');
  const bridge = new PgBridge(url);
  try {
    const writer = pgConnection(bridge, 'writer');
    const reader = pgConnection(bridge, 'pool');
    // Session-level, on the writer's reserved connection: released by releaseStartup or on close.
    writer.get('SELECT pg_advisory_lock(?) AS locked', [STARTUP_LOCK]);
    let locked = true;
    const { adopted } = migrateDatabase(writer, 'postgres');
    const logs = new PgLogBuffer(bridge);
    return {
      reader,
      writes: new WriteQueue(writer),
      aux: reader,
      logs,
      adopted,
      checkpoints: null,
      dbUrl: url,
      releaseStartup() {
        if (!locked) return;
        locked = false;
        writer.get('SELECT pg_advisory_unlock(?) AS unlocked', [STARTUP_LOCK]);
      },
      close() {
        logs.close();
        bridge.close();
      },
    };
  } catch (err) {
    bridge.close();
    throw err;
  }
}
