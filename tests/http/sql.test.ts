// POST /api/sql with the SDK (http-api.md §12): reads, writes in a transaction, errors, access.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let su: PocketBase;

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
});
afterAll(() => server.stop());

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
  const blank = await su.sql.run('  ').catch((e) => e);
  expect(blank.response.data.query.code).toBe('validation_required');
  const guest = await server
    .client()
    .sql.run('select 1')
    .catch((e) => e);
  expect(guest.status).toBe(401);
});
