// list.ts's query parameter parsers: Go's strconv.Atoi and ParseBool, a 400 for anything else.
import { describe, expect, test } from 'bun:test';
import { BadRequestError } from '../../../src/core/errors.ts';
import { parseGoBool, parseIntParam } from '../../../src/core/records/list.ts';

describe('parseIntParam', () => {
  const cases: [string | null, number | 'error'][] = [
    [null, 42],
    ['', 42],
    ['1', 1],
    ['007', 7],
    ['999999999999999', 999999999999999],
    ['9007199254740993', 9007199254740992], // past 15 digits: checked through BigInt, then the nearest double
    ['+5', 5],
    ['-3', -3],
    ['9223372036854775807', Number(9223372036854775807n)],
    ['-9223372036854775808', Number(-9223372036854775808n)],
    ['9223372036854775808', 'error'],
    ['1.5', 'error'],
    ['1e3', 'error'],
    [' 1', 'error'],
    ['１', 'error'], // a full-width digit is no digit
  ];
  for (const [raw, want] of cases) {
    test(JSON.stringify(raw), () => {
      if (want === 'error') expect(() => parseIntParam(raw, 42)).toThrow(BadRequestError);
      else expect(parseIntParam(raw, 42)).toBe(want);
    });
  }
});

describe('parseGoBool', () => {
  test('Go spellings only', () => {
    for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseGoBool(v)).toBe(true);
    for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False', '', null])
      expect(parseGoBool(v)).toBe(false);
    expect(() => parseGoBool('yes')).toThrow(BadRequestError);
  });
});
