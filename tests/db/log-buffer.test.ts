// The log writer's own connection is closed by the time the store is: a late close would checkpoint
// and delete auxiliary.db-wal/-shm by name, under a restore that has already swapped the files.
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { tempDir } from '../support/server.ts';

test('rows written by the worker are there, and every connection is closed when close() returns', async () => {
  const dir = join(tempDir(), 'sb_data');
  const store = openStore(dir);
  for (let i = 0; i < 3; i++) {
    store.logs.add({
      id: `log${i}`.padEnd(15, '0'),
      level: 0,
      message: `GET /x${i}`,
      data: '{}',
      created: '2026-01-01 00:00:00.000Z',
    });
  }
  await store.logs.drain(); // the worker has opened its connection and written the batch
  store.close();
  // SQLite removes the -shm file when the last connection to the database closes.
  expect(existsSync(join(dir, 'auxiliary.db-shm'))).toBe(false);
  const db = new Database(join(dir, 'auxiliary.db'), { readonly: true });
  try {
    expect(db.query('SELECT count(*) AS n FROM _logs').get()).toEqual({ n: 3 });
  } finally {
    db.close();
  }
});
