// sort param → ORDER BY: directions, specials, relation/json paths, limits and errors (http-api.md §1.7).
import { afterAll, describe, expect, test } from 'bun:test';
import { FilterError } from '../../../src/core/filter/errors.ts';
import { compileSort } from '../../../src/core/filter/sort.ts';
import { openDb, posts, schema, users } from './schema-fixture.ts';

const db = openDb();
afterAll(() => db.close());

function order(sort: string, options = {}): string[] {
  const s = compileSort(sort, posts, schema, options);
  const rows = db.query(`SELECT id FROM posts ORDER BY ${s.sql}`).all(...(s.params as never[])) as {
    id: string;
  }[];
  return rows.map((r) => r.id);
}

describe('compileSort', () => {
  const cases: [string, string[]][] = [
    ['views', ['p4', 'p2', 'p3', 'p1']],
    ['+views', ['p4', 'p2', 'p3', 'p1']],
    ['-views', ['p1', 'p3', 'p2', 'p4']],
    [' -views , id ', ['p1', 'p3', 'p2', 'p4']],
    ['b,-id', ['p4', 'p3', 'p2', 'p1']],
    ['-created', ['p2', 'p4', 'p1', 'p3']],
    ['@rowid', ['p1', 'p2', 'p3', 'p4']],
    ['-@rowid', ['p4', 'p3', 'p2', 'p1']],
    ['author.name,id', ['p3', 'p1', 'p2', 'p4']],
    ['-author.team.name,id', ['p4', 'p1', 'p2', 'p3']],
    ['meta.score,id', ['p3', 'p4', 'p2', 'p1']],
    ['-loc.lat', ['p2', 'p4', 'p1', 'p3']],
    ['title:lower', ['p3', 'p2', 'p4', 'p1']],
    ['tags:length,id', ['p3', 'p4', 'p1', 'p2']],
    // a to-many path sorts by its first joined row (p1: k1 'nice')
    ['-comments_via_post.body,id', ['p1', 'p2', 'p3', 'p4']],
  ];
  for (const [sort, expected] of cases) {
    test(JSON.stringify(sort), () => expect(order(sort)).toEqual(expected));
  }

  test('@random yields RANDOM() and every row', () => {
    expect(compileSort('@random', posts, schema).sql).toBe('RANDOM()');
    expect(order('@random').sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  test('empty sort → empty fragment', () => {
    expect(compileSort('', posts, schema)).toEqual({ sql: '', params: [] });
  });

  test('8 items pass, 9 fail; items over 255 chars fail', () => {
    expect(() => compileSort(Array(8).fill('id').join(','), posts, schema)).not.toThrow();
    expect(() => compileSort(Array(9).fill('id').join(','), posts, schema)).toThrow(
      'too many sort',
    );
    expect(() => compileSort(`a${'b'.repeat(255)}`, posts, schema)).toThrow('too long');
  });

  test('@request.* items are constants: validated, then left out of the ORDER BY', () => {
    expect(compileSort('@request.auth.id,-title,@request.method', posts, schema).sql).toBe(
      compileSort('-title', posts, schema).sql,
    );
    expect(compileSort('@request.auth.id', posts, schema).sql).toBe('');
  });

  const errors: [string, string][] = [
    ['nope', 'unknown field "nope"'],
    ['title,,id', 'invalid sort field ""'],
    ['-', 'invalid sort field ""'],
    ['@request.nope', 'invalid sort field'],
    ['@request.auth.', 'invalid sort field'],
    ['@now', 'invalid sort field'],
    ['null', 'unknown field'],
    ['title desc', 'invalid sort field'],
    ['title;DROP TABLE posts', 'invalid sort field'],
    ['author.nope', 'unknown field'],
  ];
  for (const [sort, msg] of errors) {
    test(`error ${JSON.stringify(sort)}`, () => {
      let err: unknown;
      try {
        compileSort(sort, posts, schema);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FilterError);
      expect((err as Error).message).toContain(msg);
    });
  }

  test('restricted: hidden fields rejected, joined listRule applied', () => {
    expect(() => compileSort('secret', users, schema, { restricted: true })).toThrow(
      'non-filterable',
    );
    const s = compileSort('author.name', posts, schema, { restricted: true });
    expect(s.sql).toContain('"verified"');
    expect(() => compileSort('labels.name', posts, schema, { restricted: true })).toThrow(
      'only superusers',
    );
  });
});
