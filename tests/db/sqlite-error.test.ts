// SQLite errors worded as PocketBase's driver words them (its answers carry that text).
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { sqliteErrorText } from '../../src/db/sqlite-error.ts';

function failure(db: Database, sql: string): unknown {
  try {
    db.run(sql);
  } catch (err) {
    return err;
  }
  throw new Error(`expected ${sql} to fail`);
}

test('result code text, message and code, as modernc.org/sqlite writes them', () => {
  const db = new Database(':memory:');
  db.run('CREATE TABLE t (a TEXT)');
  db.run("INSERT INTO t VALUES ('x'), ('x')");
  // PocketBase 0.40.4: "Failed to create index idx_a - SQL logic error: no such column: a (1)."
  expect(sqliteErrorText(failure(db, 'CREATE INDEX i ON t (b)'))).toBe(
    'SQL logic error: no such column: b (1)',
  );
  expect(sqliteErrorText(failure(db, 'CREATE UNIQUE INDEX u ON t (a)'))).toBe(
    'constraint failed: UNIQUE constraint failed: t.a (2067)',
  );
  expect(sqliteErrorText(new Error('plain'))).toBe('plain');
  db.close();
});
