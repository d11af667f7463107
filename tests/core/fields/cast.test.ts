import { describe, expect, test } from 'bun:test';
import {
  byteLength,
  formatNumber,
  lastOf,
  runeBounds,
  runeLength,
  toBool,
  toNumber,
  toStr,
  toUniqueStrings,
} from '../../../src/core/fields/cast.ts';

describe('toStr', () => {
  test.each<[unknown, string]>([
    ['abc', 'abc'],
    ['', ''],
    [12, '12'],
    [12.5, '12.5'],
    [-0.25, '-0.25'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [true, 'true'],
    [false, 'false'],
    [null, ''],
    [undefined, ''],
    [[1, 2], ''],
    [{ a: 1 }, ''],
    [10n, '10'],
    [new TextEncoder().encode('bytes'), 'bytes'],
  ])('%p → %p', (input, expected) => {
    expect(toStr(input)).toBe(expected);
  });

  test('formatNumber of special values', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatNumber(-1.5e25)).toBe('-15000000000000000000000000');
  });
});

describe('toBool', () => {
  test.each<[unknown, boolean]>([
    [true, true],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['t', true],
    ['T', true],
    ['1', true],
    [1, true],
    [-2, true],
    [0.5, true],
    [false, false],
    ['false', false],
    ['0', false],
    ['f', false],
    ['', false],
    ['yes', false],
    ['on', false],
    ['tRUE', false],
    [' true', false],
    [0, false],
    [Number.NaN, false],
    [null, false],
    [undefined, false],
    [[], false],
    [{}, false],
  ])('%p → %p', (input, expected) => {
    expect(toBool(input)).toBe(expected);
  });
});

describe('toNumber', () => {
  test.each<[unknown, number]>([
    [12, 12],
    ['12', 12],
    ['12.5', 12.5],
    ['-3', -3],
    ['+4', 4],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['', 0],
    ['abc', 0],
    ['12abc', 0],
    [' 12', 0],
    ['12 ', 0],
    ['0x10', 0],
    ['1_000', 0],
    ['1e400', 0],
    [true, 1],
    [false, 0],
    [null, 0],
    [undefined, 0],
    [[1], 0],
    [{}, 0],
  ])('%p → %p', (input, expected) => {
    expect(toNumber(input)).toBe(expected);
  });

  test.each(['inf', 'Inf', '+Infinity', 'INF'])('%p → +Infinity', (s) => {
    expect(toNumber(s)).toBe(Number.POSITIVE_INFINITY);
  });

  test('-inf and nan', () => {
    expect(toNumber('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(toNumber('NaN')).toBeNaN();
    expect(toNumber('nan')).toBeNaN();
  });
});

describe('toUniqueStrings', () => {
  test.each<[unknown, string[]]>([
    [null, []],
    [undefined, []],
    ['', []],
    ['a', ['a']],
    ['["a","b"]', ['a', 'b']],
    ['["a","a","","b"]', ['a', 'b']],
    ['[]', []],
    ['[not json', ['[not json']],
    ['a[1]', ['a[1]']],
    ['["a",1]', ['["a",1]']],
    [
      ['a', 'b', 'a', ''],
      ['a', 'b'],
    ],
    [
      ['x', 1, true, null, { o: 1 }, ['n']],
      ['x', '1', 'true'],
    ],
    [5, ['5']],
    [true, ['true']],
    [{ a: 1 }, []],
  ])('%p → %p', (input, expected) => {
    expect(toUniqueStrings(input)).toEqual(expected);
  });

  test('lastOf', () => {
    expect(lastOf(['a', 'b'])).toBe('b');
    expect(lastOf([])).toBe('');
  });
});

describe('lengths', () => {
  test('runes vs bytes', () => {
    expect(runeLength('héllo😀')).toBe(6);
    expect(byteLength('héllo😀')).toBe(10);
  });

  test('runeBounds answers as counting every code point would', () => {
    // Pairs, lone surrogates (one code point each, as for…of counts them), plain and mixed text.
    const samples = [
      '',
      'a',
      'héllo😀',
      '😀😀',
      '😀a😀',
      '\uD800',
      'a\uDC00b',
      '\uD800\uD800😀',
      'x'.repeat(40),
    ];
    const bounds = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 39, 40, 41];
    for (const s of samples) {
      const n = runeLength(s);
      for (const min of bounds) {
        for (const max of bounds) {
          const expected = min > 0 && n < min ? 'short' : max > 0 && n > max ? 'long' : null;
          expect([s, min, max, runeBounds(s, min, max)]).toEqual([s, min, max, expected]);
        }
      }
    }
  });

  test('runeBounds on 1 MiB of text: settled by its length, or counted only past the bound', () => {
    const big = 'x'.repeat(1 << 20);
    expect(runeBounds(big, 0, 4 << 20)).toBeNull();
    expect(runeBounds(big, 0, 5000)).toBe('long');
    const pairs = '😀'.repeat(1 << 19); // 1 Mi units, 512 Ki code points
    expect(runeBounds(pairs, 0, 600_000)).toBeNull();
    expect(runeBounds(pairs, 0, 524_287)).toBe('long');
    expect(runeBounds(pairs, 524_289, 0)).toBe('short');
    expect(runeBounds(pairs, 524_288, 524_288)).toBeNull();
  });
});
