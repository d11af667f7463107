// POST /api/sql with the SDK (http-api.md §12): runs of statements, one transaction, errors, access.
import { afterAll, beforeAll, test as bunTest, expect } from 'bun:test';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer, testEngine } from '../support/server.ts';

/**
 * These runs are SQLite's SQL (double-quoted strings, untyped columns, sqlite_master): on
 * PostgreSQL the console runs PostgreSQL's SQL, covered by tests/pg/pg-sql-console.test.ts.
 */
const sqliteOnly = testEngine === 'postgres';
const test = bunTest.skipIf(sqliteOnly);

let server: TestServer;
let su: PocketBase;

beforeAll(async () => {
  if (sqliteOnly) return;
  server = await startServer();
  su = await server.superuserClient();
});
afterAll(() => server?.stop());

test('a read answers columns and text rows; a write reports its affected rows', async () => {
  await su.collections.create({ name: 'notes', fields: [{ name: 'n', type: 'number' }] });
  const write = await su.sql.run("INSERT INTO notes (id, n) VALUES ('aaaaaaaaaaaaaaa', 7)");
  expect(write).toMatchObject({ affectedRows: 1, columns: [], rows: [] });
  const read = await su.sql.run('select id, n, n * 2 as twice, null as empty from notes');
  expect(read.columns).toEqual([
    { name: 'id', type: 'TEXT', nullable: true },
    { name: 'n', type: 'NUMERIC', nullable: true },
    { name: 'twice', type: '', nullable: true },
    { name: 'empty', type: '', nullable: true },
  ]);
  expect(read.rows).toEqual([['aaaaaaaaaaaaaaa', '7', '14', null]]);
  expect(typeof read.execTime).toBe('number');
  expect((await su.collection('notes').getOne('aaaaaaaaaaaaaaa')).n).toBe(7);
});

test('reads stop at 1,000 rows; bad SQL and blank queries are 400s; superusers only', async () => {
  const many = await su.sql.run(
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c',
  );
  expect(many.rows).toHaveLength(1000);
  const bad = await su.sql.run('selec nope').catch((e) => e);
  expect(bad.status).toBe(400);
  expect(bad.response.message).toStartWith('Failed to execute query. Raw error:');
  const blank = await su.sql.run('').catch((e) => e);
  expect(blank.response.data.query.code).toBe('validation_required');
  const guest = await server
    .client()
    .sql.run('select 1')
    .catch((e) => e);
  expect(guest.status).toBe(401);
});

const run = (query: string) =>
  su.send('/api/sql', { method: 'POST', body: { query } }).catch((e) => e.response ?? e);

test("several statements run in order; the last row-returning one's result comes back", async () => {
  const r = await run(
    'create table multi(id int primary key, v text not null); insert into multi values (1, "a"), (2, "b"); insert into multi values (3, "c")',
  );
  // PocketBase reports the last statement's count: 1, not 3.
  expect(r).toMatchObject({ affectedRows: 1, columns: [], rows: [] });
  expect(await run('update multi set v = "x"; delete from multi where id = 1')).toMatchObject({
    affectedRows: 1,
  });
  // DDL after DML reports 0, not the previous statement's count (SQLite's changes() lingers).
  expect(
    await run('insert into multi values (9, "z"); create index multi_v on multi (v)'),
  ).toMatchObject({
    affectedRows: 0,
  });
  const read = await run('select * from multi; select count(*) as c from multi');
  expect(read).toMatchObject({ affectedRows: 0, rows: [['3']] });
  expect(read.columns).toEqual([{ name: 'c', type: '', nullable: true }]);
  // A write between reads: the whole run on the writer, the last SELECT answered.
  const mixed = await run(
    "select 1; insert into multi values (10, 'w'); select v as two from multi where id = 10",
  );
  expect(mixed.rows).toEqual([['w']]);
  expect(mixed.affectedRows).toBe(1);
  // A trailing read keeps the write's count (as PocketBase reports `delete …; select …`).
  expect(await run('delete from multi where id = 10; select count(*) from multi')).toMatchObject({
    affectedRows: 1,
    rows: [['3']],
  });
  await run("insert into multi values (10, 'w')");
  expect(await run('select 1 as a, 2 as a')).toMatchObject({
    columns: [
      { name: 'a', type: '', nullable: true },
      { name: 'a', type: '', nullable: true },
    ],
    rows: [['1', '2']],
  });
  expect((await run('select 9007199254740993 as big')).rows).toEqual([['9007199254740993']]);
  expect(await run("insert into multi values (11, 'r') returning id, v")).toMatchObject({
    affectedRows: 1,
    rows: [['11', 'r']],
  });
  expect(await run('-- only a comment')).toMatchObject({ affectedRows: 0, columns: [], rows: [] });
});

test('a failing statement rolls back the whole run; the error is SQLite’s own text', async () => {
  const r = await run(
    'create table doomed(a); insert into doomed values (1); insert into nope values (1)',
  );
  expect(r.status).toBe(400);
  expect(r.data).toEqual({});
  expect(r.message).toBe(
    'Failed to execute query. Raw error:\nSQL logic error: no such table: nope (1).',
  );
  const gone = await run("select name from sqlite_master where name = 'doomed'");
  expect(gone.rows).toEqual([]);
  await run('create table uniq(id int primary key, v text not null)');
  const dup = await run('insert into uniq values (1, "a"); insert into uniq values (1, "b")');
  expect(dup.message).toBe(
    'Failed to execute query. Raw error:\nconstraint failed: UNIQUE constraint failed: uniq.id (1555).',
  );
  expect((await run('select count(*) from uniq')).rows).toEqual([['0']]);
  const nn = await run('insert into uniq values (2, null)');
  expect(nn.message).toContain('constraint failed: NOT NULL constraint failed: uniq.v (1299)');
  const syntax = await run('selec 1');
  expect(syntax.message).toBe(
    'Failed to execute query. Raw error:\nSQL logic error: near "selec": syntax error (1).',
  );
});

test('transaction statements are refused; blank and long queries as PocketBase', async () => {
  const tx = await run('begin; create table never(a); commit');
  expect(tx.status).toBe(400);
  expect(tx.message).toContain('BEGIN is not allowed');
  expect((await run("select name from sqlite_master where name = 'never'")).rows).toEqual([]);
  expect((await run('   ')).message).toBe('Failed to execute query. Raw error:\nempty query.');
  const long = await run('a'.repeat(5001));
  expect(long.data).toEqual({
    query: {
      code: 'validation_length_too_long',
      message: 'The length must be no more than 5000.',
      params: { max: 5000, min: 0 },
    },
  });
  expect((await run(`select '${'é'.repeat(4985)}' as id`)).rows[0][0]).toHaveLength(4985);
  expect((await run('')).data.query.code).toBe('validation_required');
  // The server's connections stay as they are.
  const attach = await run("select 1; attach database ':memory:' as other");
  expect(attach.message).toContain('ATTACH is not allowed');
  expect((await run('vacuum')).message).toContain('cannot VACUUM from within a transaction');
  expect((await run('pragma foreign_keys')).rows).toEqual([['1']]);
  expect((await run('pragma foreign_keys = off; pragma foreign_keys')).rows).toEqual([['1']]);
});
