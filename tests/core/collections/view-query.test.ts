// View queries: parsing the select list, refusing what PocketBase refuses, inferring fields (§3).
import { Database } from 'bun:sqlite';
import { describe, expect, test } from 'bun:test';
import { buildField } from '../../../src/core/collections/field-factory.ts';
import type { Collection } from '../../../src/core/collections/model.ts';
import { blankCollection } from '../../../src/core/collections/normalize.ts';
import {
  inferViewFields,
  parseSelect,
  ViewQueryError,
} from '../../../src/core/collections/view-query.ts';
import { wrapConnection } from '../../../src/db/conn.ts';

const posts: Collection = blankCollection('base', 'posts', 'pbc_posts');
posts.fields.push(
  buildField('text', { id: 'text1', name: 'title', max: 10 }),
  buildField('bool', { id: 'bool1', name: 'done' }),
);
const lookup = {
  all: () => [posts],
  find: (x: string) => (x === posts.id || x === 'posts' ? posts : undefined),
};
const conn = wrapConnection(new Database(':memory:'));
conn.exec(
  "CREATE TABLE posts (id TEXT PRIMARY KEY, title TEXT DEFAULT '', done BOOLEAN DEFAULT FALSE)",
);

describe('parseSelect', () => {
  test('aliases, qualified columns, joins and subqueries', () => {
    const { items, tables } = parseSelect(
      'SELECT DISTINCT p.id, p.title AS "Heading", count(*) n, CASE WHEN x THEN 1 ELSE 2 END, (select 1) AS sub FROM posts AS p LEFT JOIN users u ON u.id = p.owner, (select 1) s WHERE 1 GROUP BY p.id',
    );
    expect(items.map((i) => [i.text, i.alias])).toEqual([
      ['p.id', 'id'],
      ['p.title', 'Heading'],
      ['count(*)', 'n'],
      ['CASE WHEN x THEN 1 ELSE 2 END', 'CASE WHEN x THEN 1 ELSE 2 END'],
      ['(select 1)', 'sub'],
    ]);
    expect(tables).toEqual([
      { name: 'posts', alias: 'p' },
      { name: 'users', alias: 'u' },
      { name: null, alias: 's' },
    ]);
  });

  test('CTEs: the main select is the one outside parentheses', () => {
    const { items, tables } = parseSelect('WITH x AS (SELECT id FROM other) SELECT x.id FROM x');
    expect(items.map((i) => i.alias)).toEqual(['id']);
    expect(tables).toEqual([{ name: 'x', alias: 'x' }]);
  });
});

describe('inferViewFields', () => {
  test('types by expression and by reference', () => {
    const fields = inferViewFields(
      conn,
      lookup,
      "select id, title, posts.done as d, posts.id as post, count(id) as c, total(1) as t, cast(title as integer) as i, cast(1 as real) as r, cast(1 as text) as s, cast(1 as bool) as b, 'x' || title as j from posts;",
    );
    expect(fields.map((f) => [f.name, f.type, f.onlyInt ?? f.collectionId ?? ''])).toEqual([
      ['id', 'text', ''],
      ['title', 'text', ''],
      ['d', 'bool', ''],
      ['post', 'relation', 'pbc_posts'],
      ['c', 'number', true],
      ['t', 'number', false],
      ['i', 'number', true],
      ['r', 'number', false],
      ['s', 'text', ''],
      ['b', 'bool', ''],
      ['j', 'json', ''],
    ]);
    expect(fields[0]).toMatchObject({ id: 'text3208210256', primaryKey: true, system: true });
    expect(fields[1]).toMatchObject({ max: 10 });
    expect(String(fields[1]!.id)).toMatch(/^_clone_[A-Za-z0-9]{4}$/);
  });

  test('ids stay stable across re-inference', () => {
    const first = inferViewFields(conn, lookup, 'select id, title from posts');
    const again = inferViewFields(conn, lookup, 'select id, title from posts', first);
    expect(again.map((f) => f.id)).toEqual(first.map((f) => f.id));
  });

  const refused: [string, string][] = [
    ['select title from posts', 'missing required id column'],
    ['select * from posts', 'dynamic column names'],
    ['select p.* from posts p', 'dynamic column names'],
    ['select id from posts; delete from posts', 'multiple statements'],
    ['delete from posts', 'must be a SELECT'],
    ['select nope from posts', 'no such column'],
    ["select id from posts where title = 'x", 'unterminated'],
    ['   ', 'empty'],
  ];
  for (const [sql, message] of refused) {
    test(`refuses ${JSON.stringify(sql)}`, () => {
      expect(() => inferViewFields(conn, lookup, sql)).toThrow(ViewQueryError);
      expect(() => inferViewFields(conn, lookup, sql)).toThrow(message);
    });
  }
});
