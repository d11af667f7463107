// WriteQueue.beforeCommit: awaited with the write lock held, before anyone else sees the commit; dropped with its savepoint.
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { tempDir } from '../support/server.ts';

function store() {
  const s = openStore(join(tempDir(), 'sb_data'));
  s.aux.exec('SELECT 1');
  return s;
}

const count = (s: ReturnType<typeof store>) =>
  s.reader.get<{ n: number }>('SELECT COUNT(*) AS n FROM t')!.n;

describe('write queue: beforeCommit', () => {
  test('the commit waits for it: meanwhile other connections still see the rows as before', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const seenDuring: number[] = [];
    await s.writes.run((tx) => {
      tx.run('INSERT INTO t VALUES (1)');
      s.writes.beforeCommit(async () => {
        await Bun.sleep(5);
        seenDuring.push(count(s));
      });
      s.writes.beforeCommit(() => seenDuring.push(count(s)));
    });
    expect(seenDuring).toEqual([0, 0]);
    expect(count(s)).toBe(1);
    s.close();
  });

  test('a savepoint that rolls back drops what it registered; outside a transaction it is a no-op', async () => {
    const s = store();
    await s.writes.run((tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    const ran: string[] = [];
    s.writes.beforeCommit(() => ran.push('outside'));
    await s.writes.run(async () => {
      s.writes.beforeCommit(() => ran.push('outer'));
      await s.writes
        .run(() => {
          s.writes.beforeCommit(() => ran.push('inner'));
          throw new Error('savepoint rolled back');
        })
        .catch(() => {});
    });
    expect(ran).toEqual(['outer']);
    s.close();
  });
});
