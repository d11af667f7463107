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
  test('grouped transactions share a COMMIT; a failing one rolls back alone', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const seenAtAnswer: number[] = [];
    const visible = (i: number) => s.reader.get('SELECT n FROM t WHERE n = ?', [i]) !== null;
    const started = s.writes.stats.started;
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        s.writes
          .run(
            async (tx) => {
              tx.run('INSERT INTO t VALUES (?)', [i]);
              s.writes.afterCommit(() => seenAtAnswer.push(visible(i) ? -i : 0));
              await Bun.sleep(0);
              if (i === 3) throw new Error('three fails');
              return i;
            },
            { group: true },
          )
          // Answered only once its group has committed: its row is visible to the reader.
          .then((v) => {
            seenAtAnswer.push(visible(i) ? i : 0);
            return v;
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(s.writes.stats.started - started).toBe(4);
    expect(s.reader.all('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
    await waitFor('after-commit work', () => seenAtAnswer.length === 6);
    expect(seenAtAnswer.sort()).toEqual([-1, -2, -4, 1, 2, 4]);
    expect(s.writes.stats.depth).toBe(0);
    s.close();
  });

  test('grouped work keeps its own undo work and async context', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<number>();
    const undone: number[] = [];
    const contexts: (number | undefined)[] = [];
    await Promise.allSettled(
      [1, 2, 3].map((i) =>
        als.run(i, () =>
          s.writes.run(
            async (tx) => {
              contexts.push(als.getStore());
              s.writes.onRollback(() => undone.push(i));
              tx.run('INSERT INTO t VALUES (?)', [i]);
              if (i === 2) throw new Error('two fails');
            },
            { group: true },
          ),
        ),
      ),
    );
    expect(contexts).toEqual([1, 2, 3]);
    expect(undone).toEqual([2]);
    expect(s.reader.all('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 3 }]);
    s.close();
  });

  test('a group whose COMMIT fails fails every member', async () => {
    const s = store();
    await s.writes.run((tx) => {
      tx.exec('CREATE TABLE p (id INTEGER PRIMARY KEY)');
      tx.exec('CREATE TABLE t (n INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)');
    });
    const undone: number[] = [];
    const results = await Promise.allSettled(
      [1, 2].map((i) =>
        s.writes.run(
          async (tx) => {
            s.writes.onRollback(() => undone.push(i));
            if (i === 1) tx.run('INSERT INTO p VALUES (1)');
            // The second's reference is checked at COMMIT only (deferred): that COMMIT fails.
            tx.run('INSERT INTO t VALUES (?)', [i]);
          },
          { group: true },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(undone.sort()).toEqual([1, 2]);
    expect(s.reader.all('SELECT id FROM p')).toEqual([]);
    s.close();
  });

  test('rollback work that writes (an after-error hook saving a record) runs; the queue goes on', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    for (const group of [false, true]) {
      const failed = s.writes.run(
        async (tx) => {
          // Before the fix the queue awaited this callback, which waits behind the queue: deadlock.
          s.writes.onRollback(() => s.writes.run((w) => w.run('INSERT INTO t VALUES (99)')));
          tx.run('INSERT INTO t VALUES (1)');
          throw new Error('fails');
        },
        { group },
      );
      let outcome = '';
      failed.then(
        () => (outcome = 'resolved'),
        (err: Error) => (outcome = err.message),
      );
      await waitFor('the failed write to settle', () => outcome !== '', { timeout: 5_000 });
      expect(outcome).toBe('fails');
      let next = false;
      void s.writes.run((tx) => tx.run('INSERT INTO t VALUES (2)')).then(() => (next = true));
      await waitFor('the next write', () => next, { timeout: 5_000 });
    }
    await waitFor(
      'the rollback work to write',
      () => s.reader.all('SELECT n FROM t ORDER BY n').length === 4,
    );
    expect(s.reader.all('SELECT n FROM t ORDER BY n')).toEqual([
      { n: 2 },
      { n: 2 },
      { n: 99 },
      { n: 99 },
    ]);
    expect(s.writes.stats.depth).toBe(0);
    s.close();
  });

  test("after-commit and rollback work run in the caller's async context", async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const als = new AsyncLocalStorage<number>();
    const seen: string[] = [];
    const { promise: both, resolve } = Promise.withResolvers<void>();
    await Promise.allSettled(
      [1, 2].map((i) =>
        als.run(i, () =>
          s.writes.run(
            async (tx) => {
              s.writes.afterCommit(() => {
                seen.push(`commit ${i} in ${als.getStore()}`);
                if (seen.length === 2) resolve();
              });
              s.writes.onRollback(() => {
                seen.push(`rollback ${i} in ${als.getStore()}`);
                if (seen.length === 2) resolve();
              });
              tx.run('INSERT INTO t VALUES (?)', [i]);
              if (i === 2) throw new Error('two fails');
            },
            { group: true },
          ),
        ),
      ),
    );
    await both;
    expect(seen.sort()).toEqual(['commit 1 in 1', 'rollback 2 in 2']);
    s.close();
  });
});
