// Opens a data dir's databases with PocketBase's pragmas: a writer, a reader and the logs database.
import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Conn, wrapConnection } from './conn.ts';
import { LogBuffer } from './log-buffer.ts';
import { migrateDatabase } from './migrate.ts';
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
  /** auxiliary.db: request logs. */
  readonly aux: Conn;
  /** `_logs` rows on their way to `aux` in batches (a worker inserts them); `drain` before close. */
  readonly logs: LogBuffer;
  /** True when the dir was created by PocketBase (or a former Satchel) and adopted as it is. */
  readonly adopted: boolean;
  close(): void;
}

function open(path: string): Database {
  const db = new Database(path, { create: true, strict: true });
  for (const p of PRAGMAS) db.run(p);
  return db;
}

export function openStore(dir: string): Store {
  mkdirSync(dir, { recursive: true });
  const writerDb = open(join(dir, 'data.db'));
  const auxDb = open(join(dir, 'auxiliary.db'));
  const writer = wrapConnection(writerDb);
  const { adopted } = migrateDatabase(writer, 'data');
  const aux = wrapConnection(auxDb);
  migrateDatabase(aux, 'auxiliary');
  const readerDb = open(join(dir, 'data.db'));
  const reader = wrapConnection(readerDb);
  const writes = new WriteQueue(writer);
  const logs = new LogBuffer(aux, join(dir, 'auxiliary.db'));
  return {
    reader,
    writes,
    aux,
    logs,
    adopted,
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
    },
  };
}
