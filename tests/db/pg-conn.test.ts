// The PostgreSQL connection behind the core's synchronous `Conn`: SQL rewriting, SQLite-shaped rows and errors, transactions.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { openStore, type Store } from '../../src/db/connect.ts';
import { PgBridge } from '../../src/db/pg/bridge.ts';
import { pgConnection } from '../../src/db/pg/conn.ts';
import { toPostgresText } from '../../src/db/pg/sql-text.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { tempDir } from '../support/server.ts';

test('placeholders and backticks are rewritten outside literals, identifiers and comments', () => {
  expect(toPostgresText('SELECT * FROM `t` WHERE a = ? AND b = ?')).toBe(
    'SELECT * FROM "t" WHERE a = $1 AND b = $2',
  );
  expect(toPostgresText(`SELECT '?', "a?b", \`x"y\` FROM t WHERE c = ? -- ?\n AND d = ?`)).toBe(
    `SELECT '?', "a?b", "x""y" FROM t WHERE c = $1 -- ?\n AND d = $2`,
  );
  expect(toPostgresText("SELECT 'it''s ?' , ? /* ? */, $$ ? $$, ?")).toBe(
    "SELECT 'it''s ?' , $1 /* ? */, $$ ? $$, $2",
  );
  expect(toPostgresText('SELECT data ?| array[?] FROM t')).toBe('SELECT data ?| array[$1] FROM t');
});

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

describe.skipIf(missing !== null)(
  `PostgreSQL Conn${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let store: Store;
    let url: string;

    beforeAll(async () => {
      url = await (await testPostgres()).createDatabase('satchel_conn');
      store = openStore(tempDir(), { dbUrl: url });
      store.reader.exec(
        'CREATE TABLE t ("id" TEXT PRIMARY KEY, "e" TEXT NOT NULL DEFAULT \'\', "n" DOUBLE PRECISION, "b" BOOLEAN, "j" JSONB, "big" BIGINT)',
      );
      store.reader.exec('CREATE UNIQUE INDEX "t_e" ON "t" ("e")');
    });

    afterAll(async () => {
      store?.close();
      if (url) await (await testPostgres()).dropDatabase(url);
    });

    test('the startup lock is held from open until released, so nodes migrate one at a time', () => {
      const held = () =>
        store.reader.get<{ n: number }>(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )?.n;
      expect(held()).toBe(1);
      store.releaseStartup();
      expect(held()).toBe(0);
      store.releaseStartup(); // once only
    });

    test('system tables are created and recorded in _migrations', () => {
      const files = store.reader.all<{ file: string }>(
        'SELECT file FROM _migrations ORDER BY file',
      );
      expect(files.map((f) => f.file)).toContain('satchel_postgres_0000_init');
      expect(store.reader.get('SELECT count(*) AS n FROM `_collections`')).toEqual({ n: 0 });
    });

    test('rows come back shaped as SQLite gives them', () => {
      store.reader.run('INSERT INTO t (id, e, n, b, j, big) VALUES (?, ?, ?, ?, ?, ?)', [
        'a',
        'x@y.z',
        1.5,
        1,
        '{"k":[1,"two"]}',
        9007199254740991,
      ]);
      expect(store.reader.get('SELECT * FROM t WHERE id = ?', ['a'])).toEqual({
        id: 'a',
        e: 'x@y.z',
        n: 1.5,
        b: 1,
        j: '{"k":[1,"two"]}',
        big: 9007199254740991,
      });
      expect(store.reader.get('SELECT * FROM t WHERE id = ?', ['none'])).toBeNull();
      expect(store.reader.all('SELECT count(*) AS c FROM t')).toEqual([{ c: 1 }]);
    });

    test('a unique violation reads as SQLite’s, with the column', () => {
      let err: unknown;
      try {
        store.reader.run('INSERT INTO t (id, e) VALUES (?, ?)', ['b', 'x@y.z']);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({
        code: 'SQLITE_CONSTRAINT_UNIQUE',
        sqlstate: '23505',
        message: 'UNIQUE constraint failed: t.e',
      });
      expect(() => store.reader.run('INSERT INTO t (id) VALUES (?)', ['a'])).toThrow(
        expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }),
      );
      expect(() => store.reader.all('SELECT nope FROM t')).toThrow(
        expect.objectContaining({ code: 'SQLITE_ERROR' }),
      );
    });

    test('write transactions commit, roll back, and nest as savepoints', async () => {
      await store.writes.run((tx) => {
        tx.run('INSERT INTO t (id, e) VALUES (?, ?)', ['c', 'c']);
      });
      await expect(
        store.writes.run((tx) => {
          tx.run('INSERT INTO t (id, e) VALUES (?, ?)', ['d', 'd']);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await store.writes.run(async (tx) => {
        tx.run('INSERT INTO t (id, e) VALUES (?, ?)', ['f', 'f']);
        await expect(
          store.writes.run((inner) => {
            inner.run('INSERT INTO t (id, e) VALUES (?, ?)', ['g', 'g']);
            inner.run('INSERT INTO t (id, e) VALUES (?, ?)', ['h', 'f']); // unique: fails
          }),
        ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
        // The outer transaction goes on after the inner savepoint rolled back.
        tx.run('INSERT INTO t (id, e) VALUES (?, ?)', ['i', 'i']);
      });
      const ids = store.reader.all<{ id: string }>('SELECT id FROM t ORDER BY id').map((r) => r.id);
      expect(ids).toEqual(['a', 'c', 'f', 'i']);
      expect(store.writes.inTransaction).toBeNull();
    });

    test('a failing compile check inside a transaction does not abort it', async () => {
      await store.writes.run((tx) => {
        expect(tx.inTransaction).toBe(true);
        expect(() => tx.columns('SELECT * FROM missing_table LIMIT 0')).toThrow();
        expect(tx.columns('SELECT id, e FROM t LIMIT 0')).toEqual(['id', 'e']);
        tx.run('INSERT INTO t (id, e) VALUES (?, ?)', ['j', 'j']);
      });
      expect(store.reader.get('SELECT id FROM t WHERE id = ?', ['j'])).toEqual({ id: 'j' });
    });

    test('a runaway statement ends at statement_timeout as an error, and the connection goes on', () => {
      const bridge = new PgBridge(url, 300);
      try {
        const conn = pgConnection(bridge, 'pool');
        const started = performance.now();
        expect(() => conn.get('SELECT pg_sleep(5)')).toThrow(
          expect.objectContaining({ code: 'SQLITE_INTERRUPT', sqlstate: '57014' }),
        );
        expect(performance.now() - started).toBeLessThan(4000);
        expect(conn.get('SELECT 1 AS one')).toEqual({ one: 1 });
      } finally {
        bridge.close();
      }
    });

    test('log rows are written without blocking and drained', async () => {
      store.logs.add({
        id: 'l1',
        level: 0,
        message: 'GET /',
        data: '{"a":1}',
        created: '2026-01-01 00:00:00.000Z',
      });
      await store.logs.drain();
      expect(store.aux.get('SELECT message, data FROM _logs WHERE id = ?', ['l1'])).toEqual({
        message: 'GET /',
        data: '{"a":1}',
      });
    });
  },
);
