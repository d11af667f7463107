// The LogBuffer → worker wire format: any text round-trips, rows keep their order.
import { expect, test } from 'bun:test';
import { decodeLogRows, encodeLogRow, type LogRow } from '../../src/db/log-rows.ts';

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
