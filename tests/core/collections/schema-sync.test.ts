// Table DDL from collection changes, against a real SQLite database: no data lost.
import { Database } from 'bun:sqlite';
import { beforeEach, expect, test } from 'bun:test';
import { buildField } from '../../../src/core/collections/field-factory.ts';
import type { Collection } from '../../../src/core/collections/model.ts';
import { blankCollection } from '../../../src/core/collections/normalize.ts';
import { SchemaSyncError, syncRecordTable } from '../../../src/core/collections/schema-sync.ts';
import { type Conn, wrapConnection } from '../../../src/db/conn.ts';

let conn: Conn;
let base: Collection;

beforeEach(() => {
  conn = wrapConnection(new Database(':memory:'));
  base = blankCollection('base', 'items', 'pbc_items');
  base.fields.push(
    buildField('text', { id: 't1', name: 'b_title' }),
    buildField('select', { id: 's1', name: 'a_tag', values: ['x', 'y'], maxSelect: 1 }),
    buildField('relation', { id: 'r1', name: 'refs', collectionId: 'pbc_items', maxSelect: 5 }),
  );
  base.indexes = ['CREATE INDEX idx_items_title ON items (b_title)'];
  syncRecordTable(conn, base);
  conn.run(
    `INSERT INTO items (id, b_title, a_tag, refs) VALUES ('1', 'one', 'y', '["a","b"]'), ('2', 'two', '', '[]')`,
  );
});

const columns = () =>
  conn.all<{ name: string }>("SELECT name FROM pragma_table_info('items')").map((c) => c.name);
const indexes = () =>
  conn
    .all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .map((r) => r.name);

test('new tables list their columns alphabetically, with the field column types', () => {
  expect(columns()).toEqual(['a_tag', 'b_title', 'id', 'refs']);
  const sql = conn.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'items'")!.sql;
  expect(sql).toContain("`refs` JSON DEFAULT '[]' NOT NULL");
  expect(indexes()).toEqual(['idx_items_title']);
});

test('rename table, rename/add/drop columns, single↔multiple conversion', () => {
  const next = structuredClone(base);
  next.name = 'things';
  next.fields = [
    next.fields[0]!,
    { ...next.fields[1]!, name: 'title' },
    { ...next.fields[2]!, maxSelect: 3 },
    { ...next.fields[3]!, maxSelect: 1 },
    buildField('number', { id: 'n1', name: 'count' }),
  ];
  next.indexes = ['CREATE UNIQUE INDEX idx_things_title ON items (title)'];
  syncRecordTable(conn, next, base);
  expect(conn.all('SELECT id, title, a_tag, refs, count FROM things ORDER BY id')).toEqual([
    { id: '1', title: 'one', a_tag: '["y"]', refs: 'b', count: 0 },
    { id: '2', title: 'two', a_tag: '[]', refs: '', count: 0 },
  ]);
  expect(indexes()).toEqual(['idx_things_title']);
  const dropped = structuredClone(next);
  dropped.fields = dropped.fields.filter((f) => f.name !== 'a_tag');
  syncRecordTable(conn, dropped, next);
  expect(
    conn.all<{ name: string }>("SELECT name FROM pragma_table_info('things')").map((c) => c.name),
  ).not.toContain('a_tag');
});

test('an index SQLite refuses becomes an indexes.<i> error', () => {
  conn.run("INSERT INTO items (id, b_title) VALUES ('3', 'one')");
  const next = structuredClone(base);
  next.indexes = ['CREATE INDEX ok ON items (id)', 'CREATE UNIQUE INDEX dupes ON items (b_title)'];
  try {
    syncRecordTable(conn, next, base);
    throw new Error('expected a failure');
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaSyncError);
    expect((err as SchemaSyncError).data).toMatchObject({
      indexes: { 1: { code: 'validation_invalid_index_expression' } },
    });
  }
});

test('dropping a column a (dangling) view references still works when views are detached', () => {
  conn.exec('CREATE VIEW broken AS SELECT * FROM (SELECT nope FROM items)');
  const next = structuredClone(base);
  next.fields = next.fields.filter((f) => f.name !== 'b_title');
  next.indexes = [];
  syncRecordTable(conn, next, base);
  expect(columns()).toEqual(['a_tag', 'id', 'refs']);
  expect(conn.get("SELECT name FROM sqlite_master WHERE name = 'broken'")).toEqual({
    name: 'broken',
  });
});
