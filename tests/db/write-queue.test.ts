// The write queue: one transaction at a time, savepoints when nested, after-commit work only on commit.

import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { wrapConnection } from '../../src/db/conn.ts';
import { openStore } from '../../src/db/connect.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { tempDir } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

function store() {
  const s = openStore(join(tempDir(), 'sb_data'));
  s.aux.exec('SELECT 1');
  return s;
}

describe('write queue', () => {
  test('concurrent transactions that await never interleave', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const order: string[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        s.writes.run(async (tx) => {
          order.push(`begin${i}`);
          tx.run('INSERT INTO t VALUES (?)', [i]);
          await Bun.sleep(5);
          order.push(`end${i}`);
        }),
      ),
    );
    expect(order).toEqual(['begin1', 'end1', 'begin2', 'end2', 'begin3', 'end3']);
    expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(3);
    s.close();
  });

  test('the reader does not see an open transaction; the writer does', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    await s.writes.run(async (tx) => {
      tx.run('INSERT INTO t VALUES (1)');
      expect(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(0);
      expect(s.writes.inTransaction!.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n).toBe(1);
    });
    expect(s.writes.inTransaction).toBeNull();
    s.close();
  });

  test('a failing nested run rolls back alone (savepoint)', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    await s.writes.run(async (tx) => {
      tx.run('INSERT INTO t VALUES (1)');
      await expect(
        s.writes.run(async (inner) => {
          inner.run('INSERT INTO t VALUES (2)');
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(s.reader.all('SELECT n FROM t')).toEqual([{ n: 1 }]);
    s.close();
  });

  test('after-commit work runs after commit and is dropped on rollback', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const seen: number[] = [];
    const { promise, resolve } = Promise.withResolvers<void>();
    await s.writes.run(async (tx) => {
      tx.run('INSERT INTO t VALUES (1)');
      s.writes.afterCommit(() => {
        seen.push(s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n);
        resolve();
      });
      await s.writes
        .run(async () => {
          s.writes.afterCommit(() => seen.push(-1));
          throw new Error('rolled back');
        })
        .catch(() => {});
      expect(seen).toEqual([]);
    });
    await promise;
    expect(seen).toEqual([1]);
    await expect(
      s.writes.run(async () => {
        s.writes.afterCommit(() => seen.push(-2));
        throw new Error('whole tx fails');
      }),
    ).rejects.toThrow();
    await Bun.sleep(0);
    expect(seen).toEqual([1]);
    s.close();
  });

  test('rollback work runs for the failed savepoint or transaction only', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const undone: string[] = [];
    await s.writes.run(async () => {
      s.writes.onRollback(() => undone.push('kept-outer'));
      await s.writes.run(async () => {
        s.writes.onRollback(() => undone.push('inner-ok'));
      });
      await s.writes
        .run(async () => {
          s.writes.onRollback(() => undone.push('inner-failed'));
          throw new Error('inner fails');
        })
        .catch(() => {});
    });
    expect(undone).toEqual(['inner-failed']); // the outer transaction committed
    await expect(
      s.writes.run(async () => {
        s.writes.onRollback(() => undone.push('outer'));
        await s.writes.run(async () => {
          s.writes.onRollback(() => undone.push('nested-ok'));
        });
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(undone.sort()).toEqual(['inner-failed', 'nested-ok', 'outer']);
    s.close();
  });

  test('a write lock held by another connection past busy_timeout is retried, not surfaced', async () => {
    const path = join(tempDir(), 'shared.db');
    const other = new Database(path, { create: true });
    other.run('PRAGMA journal_mode = WAL');
    other.run('CREATE TABLE t (n INTEGER)');
    const mine = new Database(path);
    // No wait inside SQLite: the queue's own retry is what is under test.
    mine.run('PRAGMA busy_timeout = 0');
    const queue = new WriteQueue(wrapConnection(mine));
    other.run('BEGIN IMMEDIATE'); // another worker's transaction
    const write = queue.run((tx) => tx.run('INSERT INTO t VALUES (1)'));
    await waitFor('the queue to meet the lock', () => queue.stats.busyRetries > 0);
    other.run('COMMIT');
    expect((await write).changes).toBe(1);
    expect(other.query('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    mine.close();
    other.close();
  });

  test('an error other than SQLITE_BUSY at BEGIN is not retried', async () => {
    const db = new Database(':memory:');
    const queue = new WriteQueue(wrapConnection(db));
    db.run('BEGIN'); // BEGIN inside a transaction: SQLITE_ERROR
    await expect(queue.run(() => 1)).rejects.toThrow(/within a transaction/);
    expect(queue.stats.busyRetries).toBe(0);
    db.close();
  });
});
