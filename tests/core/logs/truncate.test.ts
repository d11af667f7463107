// serializeLogData: the maxDataSize cut, byte-exact at the edges, multi-byte text counted in bytes.
import { expect, test } from 'bun:test';
import { DEFAULT_MAX_DATA_SIZE, serializeLogData } from '../../../src/core/logs/truncate.ts';

const cases: [string, Record<string, unknown>, number, unknown][] = [
  ['fits exactly', { a: 'x' }, 9, { a: 'x' }],
  ['one byte short: the value is cut', { a: 'x' }, 8, { __pb_truncated__: true, a: null }],
  ['the key is cut: gone', { a: 'x', bb: 'y' }, 12, { __pb_truncated__: true, a: 'x' }],
  [
    'the second value is cut',
    { a: 'x', bb: 'y' },
    15,
    { __pb_truncated__: true, a: 'x', bb: null },
  ],
  ['nothing fits', { abc: 1 }, 3, { __pb_truncated__: true }],
  ['undefined entries are skipped as JSON does', { a: undefined, b: 1 }, 7, { b: 1 }],
  // 'é' is 2 bytes: `{"a":"éé"}` is 12 bytes, 10 characters.
  ['bytes, not characters', { a: 'éé' }, 11, { __pb_truncated__: true, a: null }],
  [
    'nested values are cut whole',
    { d: { x: 'long text' } },
    15,
    { __pb_truncated__: true, d: null },
  ],
];

for (const [name, data, max, want] of cases) {
  test(name, () => {
    expect(JSON.parse(serializeLogData(data, max))).toEqual(want);
  });
}

test('0 means the default (16 KiB)', () => {
  const fits = { s: 'x'.repeat(DEFAULT_MAX_DATA_SIZE - 8) };
  expect(JSON.parse(serializeLogData(fits, 0))).toEqual(fits);
  const over = { s: 'x'.repeat(DEFAULT_MAX_DATA_SIZE) };
  expect(JSON.parse(serializeLogData(over, 0))).toEqual({ __pb_truncated__: true, s: null });
});
