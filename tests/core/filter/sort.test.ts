// sort param → ORDER BY: directions, specials, relation/json paths, limits and errors (http-api.md §1.7).
import { afterAll, describe, expect, test } from 'bun:test';
import { FilterError } from '../../../src/core/filter/errors.ts';
import { compileSort } from '../../../src/core/filter/sort.ts';
import { SORT_CASES, SORT_ERRORS } from './cases.ts';
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
  const cases = SORT_CASES;
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

  const errors = SORT_ERRORS;
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
