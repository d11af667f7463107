// The LogBuffer → worker wire format: any text round-trips, rows keep their order.
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import {
  decodeLogRows,
  encodeLogRow,
  insertLogRows,
  type LogRow,
  type LogTuple,
} from '../../src/db/log-rows.ts';

const row = (message: string, data = '{}', level = 0): LogRow => ({
  id: 'abc123',
  level,
  message,
  data,
  created: '2026-01-01 00:00:00.000Z',
});

test.each([
  ['plain', row('GET /api/health')],
  ['empty strings', { id: '', level: 0, message: '', data: '', created: '' }],
  ['separators and digits inside', row('12:34:56 1:a 0:', '{"a":"1:b"}')],
  ['control characters', row('a\x1fb\x1ec\u0000d\ne')],
  ['non-BMP and accents', row('héllo 😀 日本', '{"e":"😀"}')],
  ['negative level', row('debug', '{}', -4)],
])('%s round-trips', (_name, r) => {
  expect(decodeLogRows(encodeLogRow(r))).toEqual([[r.id, r.level, r.message, r.data, r.created]]);
});

test('several rows keep their order', () => {
  const rows = [row('one'), row('two: 2'), row('3')];
  const decoded = decodeLogRows(rows.map(encodeLogRow).join(''));
  expect(decoded.map((r) => r[2])).toEqual(['one', 'two: 2', '3']);
});

test('no rows', () => {
  expect(decodeLogRows('')).toEqual([]);
});

test('insertLogRows writes every row in order, across full and partial statements', () => {
  const db = new Database(':memory:', { strict: true });
  db.run(
    'CREATE TABLE _logs (id TEXT PRIMARY KEY NOT NULL, level INTEGER DEFAULT 0 NOT NULL, message TEXT DEFAULT "" NOT NULL, data JSON DEFAULT "{}" NOT NULL, created TEXT DEFAULT "" NOT NULL)',
  );
  // 70 rows: two statements of 32 and six single ones; then a batch smaller than one statement.
  const tuple = (i: number): LogTuple => [
    `id${i}`,
    i % 3 === 0 ? 8 : 0,
    `GET /${i}`,
    `{"n":${i}}`,
    `c${i}`,
  ];
  insertLogRows(
    db,
    Array.from({ length: 70 }, (_, i) => tuple(i)),
  );
  insertLogRows(db, [tuple(70), tuple(71)]);
  const stored = db
    .query('SELECT id, level, message, data, created FROM _logs ORDER BY rowid')
    .values();
  expect(stored).toEqual(Array.from({ length: 72 }, (_, i) => tuple(i)));
  db.close();
});
