// splitStatements: `;` ends a statement unless quoted, commented, or inside a trigger body.
import { expect, test } from 'bun:test';
import { splitStatements } from '../../../src/core/sql-console/split.ts';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

test.each([
  ['select 1', ['select 1']],
  ['select 1;', ['select 1']],
  ['select 1; select 2', ['select 1', 'select 2']],
  ['select 1;;  ;\n', ['select 1']],
  ["select ';'; select 2", ["select ';'", 'select 2']],
  ["select 'it''s;'", ["select 'it''s;'"]],
  ['select "a;b" from t; x', ['select "a;b" from t', 'x']],
  ['select `a;b`, [c;d] from t', ['select `a;b`, [c;d] from t']],
  ['select 1 -- ; not here\n; select 2', ['select 1 -- ; not here', 'select 2']],
  ['select /* ; */ 1; /* only a comment */; -- trailing', ['select /* ; */ 1']],
  ['-- just a comment', []],
  [
    'create trigger tr after insert on t begin update t set a = 1; delete from u; end; select 1',
    [
      'create trigger tr after insert on t begin update t set a = 1; delete from u; end',
      'select 1',
    ],
  ],
  [
    'CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;select 2',
    ['CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END', 'select 2'],
  ],
  ["select 'unterminated; select 2", ["select 'unterminated; select 2"]],
])('%p', (sql, expected) => {
  expect(texts(sql)).toEqual(expected);
});

test('each statement names its first keyword, upper-cased, past comments', () => {
  expect(
    splitStatements('/* x */ with a as (select 1) select * from a; -- y\n pragma x').map(
      (s) => s.keyword,
    ),
  ).toEqual(['WITH', 'PRAGMA']);
  expect(splitStatements("'lone string'")[0]?.keyword).toBe('');
});
