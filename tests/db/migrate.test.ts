// A fresh data dir records PocketBase's system migrations as applied, so PocketBase opens it too.
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import { openStore } from '../../src/db/connect.ts';
import { POCKETBASE_SYSTEM_MIGRATIONS } from '../../src/db/migrate.ts';
import { tempDir } from '../support/server.ts';

function appliedFiles(dir: string): string[] {
  const db = new Database(join(dir, 'data.db'), { readonly: true });
  try {
    return db
      .query<{ file: string }, []>('SELECT file FROM _migrations ORDER BY file')
      .all()
      .map((r) => r.file);
  } finally {
    db.close();
  }
}

test("a fresh dir records PocketBase 0.40's system migrations once, beside Satchel's own", () => {
  const dir = join(tempDir(), 'sb_data');
  openStore(dir).close();
  const first = appliedFiles(dir);
  for (const file of POCKETBASE_SYSTEM_MIGRATIONS) expect(first).toContain(file);
  expect(first).toContain('satchel_data_0000_init');
  openStore(dir).close(); // reopening adds nothing
  expect(appliedFiles(dir)).toEqual(first);
});
