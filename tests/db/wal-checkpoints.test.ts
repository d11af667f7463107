// data.db's WAL: copied back by a worker thread started when it first grows, never by the writer's auto-checkpoint.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { WalCheckpoints } from '../../src/db/wal-checkpoints.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const BLOB = 64 * 1024;

function walSize(dataDb: string): number {
  try {
    return statSync(`${dataDb}-wal`).size;
  } catch {
    return 0;
  }
}

/** Frames not yet copied back, from the WAL-index header (mxFrame − nBackfill, sqlite.org/walformat.html). */
function notCopied(dataDb: string): number {
  const words = new Uint32Array(25);
  const fd = openSync(`${dataDb}-shm`, 'r');
  readSync(fd, words, 0, 100, 0);
  closeSync(fd); // drops this process's POSIX locks on the file: harmless with no other process
  return words[4]! - words[24]!;
}

/** Frames in the WAL (mxFrame): back to a few once a write starts it over. */
function walFrames(dataDb: string): number {
  const words = new Uint32Array(25);
  const fd = openSync(`${dataDb}-shm`, 'r');
  readSync(fd, words, 0, 100, 0);
  closeSync(fd);
  return words[4]!;
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

  test('writes queued behind a round that finishes on the writer never wait for that round', async () => {
    // A round that leaves a long WAL queues the writer's own checkpoint behind the waiting
    // transactions; a commit among them that finds the WAL past twice the restart length must not
    // make the next one wait for the round: the round waits for them (it held a worker's writes
    // for good under `serve --workers`, where two writers keep the WAL long).
    const dir = join(tempDir(), 'wc_overdue');
    const s = openStore(dir);
    const resume = await s.checkpoints!.pause(); // this test's own instead
    const own = new WalCheckpoints(join(dir, 'data.db'), () => s.writes.checkpoint(), {
      thresholdFrames: 10,
      checkEveryMs: 0,
      restartWalBytes: 4 * BLOB,
    });
    s.writes.watchCommits(own);
    try {
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      const n = 400;
      const all = Promise.all(
        Array.from({ length: n }, () =>
          s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB])),
        ),
      );
      const stuck = Symbol('stuck');
      const outcome = await Promise.race([all, Bun.sleep(20_000).then(() => stuck)]);
      expect(outcome).not.toBe(stuck);
      await s.writes.drain();
      expect(own.rounds).toBeGreaterThan(0);
      expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(n);
    } finally {
      own.close();
      resume();
      s.close();
    }
  }, 30_000);

  test('the thread starts at the first round and stops after a quiet while; the WAL is copied back', async () => {
    const dir = join(tempDir(), 'wc_idle');
    const s = openStore(dir);
    const dataDb = join(dir, 'data.db');
    const resume = await s.checkpoints!.pause(); // this test's own instead
    const own = new WalCheckpoints(dataDb, () => s.writes.checkpoint(), {
      thresholdFrames: 10,
      checkEveryMs: 0,
      idleMs: 50,
    });
    try {
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
      expect(own.threadRunning).toBe(false);
      expect(notCopied(dataDb)).toBeGreaterThan(10);
      own.committed();
      expect(own.threadRunning).toBe(true);
      await own.drain();
      // Nothing was writing: the worker's passive checkpoint copied every frame back.
      expect(notCopied(dataDb)).toBe(0);
      await waitFor('the idle thread to stop', () => !own.threadRunning);
      expect(own.rounds).toBe(1);
    } finally {
      own.close();
      resume();
      s.close();
    }
  });

  test("past the restart length the worker copies the tail back in the writer's turn; the WAL starts over", async () => {
    const dir = join(tempDir(), 'wc_restart');
    const s = openStore(dir);
    const dataDb = join(dir, 'data.db');
    const resume = await s.checkpoints!.pause();
    const answers: boolean[] = [];
    let writesDuring = 0;
    const seenDuring: number[] = [];
    const own = new WalCheckpoints(
      dataDb,
      (elsewhere) =>
        s.writes.checkpoint(async () => {
          const queued = s.writes.run((tx) =>
            tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]),
          );
          void queued.then(() => writesDuring++);
          const ok = await elsewhere();
          answers.push(ok);
          await Bun.sleep(5);
          seenDuring.push(writesDuring);
          return ok;
        }),
      { thresholdFrames: 10, checkEveryMs: 0, restartWalBytes: 1 },
    );
    try {
      await s.writes.run((tx) => tx.exec('CREATE TABLE t (b BLOB)'));
      for (let i = 0; i < 4; i++) {
        await s.writes.run((tx) => tx.run('INSERT INTO t VALUES (randomblob(?))', [BLOB]));
      }
      own.committed();
      await own.drain();
      expect(answers).toEqual([true]); // done by the worker: the writer ran no checkpoint of its own
      await s.writes.drain();
      // The write queued meanwhile waited for the writer's turn to end.
      expect(seenDuring).toEqual([0]);
      expect(writesDuring).toBe(1);
      // It found every frame copied back and started the WAL over: the WAL holds only its own.
      expect(walFrames(dataDb)).toBeLessThan(40);
      expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(5);
    } finally {
      own.close();
      resume();
      s.close();
    }
  });
});
