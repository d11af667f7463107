// Checkpoints during a backup: the WAL starts over while writers keep going, and is left fully copied back.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { SnapshotWorker, startCheckpoints } from '../../src/db/snapshot.ts';
import { tempDir } from '../support/server.ts';

const BLOB = 16 * 1024;
const WRITES = 400;

/** Frames in the WAL now (a PASSIVE checkpoint of an idle database reports the log's length). */
function walFrames(path: string): number {
  const db = new Database(path);
  try {
    return (db.query('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number }).log;
  } finally {
    db.close();
  }
}

describe('startCheckpoints', () => {
  test('writers keep going without auto-checkpoints, yet the WAL starts over instead of growing', async () => {
    const dir = join(tempDir(), 'sb_data');
    const s = openStore(dir);
    const dataDb = join(dir, 'data.db');
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
    // As a backup does: the store's own checkpoints pause (its writer never auto-checkpoints).
    const resume = await s.checkpoints!.pause();
    const worker = new SnapshotWorker();
    const checkpoints = startCheckpoints(
      worker,
      dataDb,
      20,
      () => s.writes.checkpoint(),
      512 << 10,
    );
    try {
      for (let i = 0; i < WRITES; i++) {
        await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
        await Bun.sleep(1); // the timers and the worker's answers get their turn
      }
    } finally {
      await checkpoints.stop();
      worker.close();
      resume();
    }
    // 400 × 16 KB went through the WAL; restarted at 512 KB, its file never grew near that.
    const walFile = statSync(`${dataDb}-wal`).size;
    expect(walFile).toBeLessThan((WRITES * BLOB) / 2);
    // stop() left it fully copied back: the next write starts it over (a few frames, not thousands).
    await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
    expect(walFrames(dataDb)).toBeLessThan(20);
    expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(WRITES + 1);
    const check = new Database(dataDb, { readonly: true });
    expect(check.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    check.close();
    s.close();
  });
});
