// data.db's WAL: copied back by a worker thread started when it first grows, never by the writer's auto-checkpoint.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { tempDir } from '../support/server.ts';

const BLOB = 64 * 1024;

function walSize(dataDb: string): number {
  try {
    return statSync(`${dataDb}-wal`).size;
  } catch {
    return 0;
  }
}

describe('WAL checkpoints', () => {
  test('the writer does not auto-checkpoint; small writes start no worker', async () => {
    const dir = join(tempDir(), 'wc_small');
    const s = openStore(dir);
    try {
      const row = await s.writes.run((tx) => tx.get('PRAGMA wal_autocheckpoint'));
      expect(row).toEqual({ wal_autocheckpoint: 0 });
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      for (let i = 0; i < 20; i++) {
        await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(100))'));
      }
      expect(s.checkpoints!.rounds).toBe(0);
    } finally {
      s.close();
    }
  });

  test('sustained writes: the WAL stays bounded and is copied back off the writer', async () => {
    const dir = join(tempDir(), 'wc_data');
    const s = openStore(dir);
    const dataDb = join(dir, 'data.db');
    const writes = 2400; // 150 MiB through the WAL
    let largest = 0;
    try {
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      for (let i = 0; i < writes; i++) {
        await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
        if (i % 8 === 0) await Bun.sleep(0); // the worker's answers get their turn
        largest = Math.max(largest, walSize(dataDb));
      }
      await s.writes.drain();
      expect(s.checkpoints!.rounds).toBeGreaterThan(0);
      // Without checkpoints it would hold all 150 MiB; restarted past 16 MiB, and writes wait for
      // the worker once it holds 32 MiB.
      expect(largest).toBeLessThan(56 << 20);
      expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(writes);
    } finally {
      s.close();
    }
    const check = new Database(dataDb, { readonly: true });
    expect(check.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(check.query('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: writes });
    check.close();
    // close() left the dir a single file (its final TRUNCATE checkpoint).
    expect(walSize(dataDb)).toBe(0);
  });

  test('paused (a backup owns the checkpoints): no round starts until resumed', async () => {
    const dir = join(tempDir(), 'wc_pause');
    const s = openStore(dir);
    try {
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      const resume = await s.checkpoints!.pause();
      for (let i = 0; i < 100; i++) {
        await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
      }
      expect(s.checkpoints!.rounds).toBe(0);
      resume();
      await Bun.sleep(60); // past the check interval, so the next commit reads the WAL-index
      await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
      expect(s.checkpoints!.rounds).toBe(1);
      await s.writes.drain();
    } finally {
      s.close();
    }
  });
});
