import { describe, expect, test } from 'bun:test';
import { formatDate, nowDate, parseDate, toDate } from '../../src/core/dates.ts';

describe('formatDate', () => {
  test('UTC, space, 3 fractional digits, Z', () => {
    expect(formatDate(new Date(Date.UTC(2024, 4, 1, 13, 45, 7, 123)))).toBe(
      '2024-05-01 13:45:07.123Z',
    );
    expect(formatDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02 03:04:05.006Z');
  });

  test('nowDate is canonical and current', () => {
    const now = nowDate();
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(new Date(now.replace(' ', 'T')).getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('parseDate', () => {
  test.each<[unknown, string]>([
    ['2024-05-01 13:45:07.123Z', '2024-05-01 13:45:07.123Z'],
    ['2024-05-01T13:45:07Z', '2024-05-01 13:45:07.000Z'],
    ['2024-05-01T13:45:07.5Z', '2024-05-01 13:45:07.500Z'],
    ['2024-05-01T13:45:07.123456789Z', '2024-05-01 13:45:07.123Z'],
    ['2024-05-01T13:45:07.999999Z', '2024-05-01 13:45:07.999Z'],
    ['2024-05-01T13:45:07+02:00', '2024-05-01 11:45:07.000Z'],
    ['2024-05-01T01:45:07-03:30', '2024-05-01 05:15:07.000Z'],
    ['2024-05-01T13:45:07+0200', '2024-05-01 11:45:07.000Z'],
    ['2024-05-01 13:45:07 +02:00', '2024-05-01 11:45:07.000Z'],
    ['2024-05-01 13:45:07.123 +0000 UTC', '2024-05-01 13:45:07.123Z'],
    ['2024-05-01t13:45:07z', '2024-05-01 13:45:07.000Z'],
    ['2024-05-01', '2024-05-01 00:00:00.000Z'],
    ['2024-05-01 13:45:07', '2024-05-01 13:45:07.000Z'],
    ['2024-05-01T13:45:07', '2024-05-01 13:45:07.000Z'],
    ['2024-05-01 13:45', '2024-05-01 13:45:00.000Z'],
    ['2024-02-29', '2024-02-29 00:00:00.000Z'],
    ['Mon, 02 Jan 2006 15:04:05 GMT', '2006-01-02 15:04:05.000Z'],
    ['Mon, 02 Jan 2006 15:04:05 +0100', '2006-01-02 14:04:05.000Z'],
    [1714571107, '2024-05-01 13:45:07.000Z'],
    [1714571107.5, '2024-05-01 13:45:07.500Z'],
    [0, '1970-01-01 00:00:00.000Z'],
    [new Date(Date.UTC(2024, 4, 1, 13, 45, 7, 123)), '2024-05-01 13:45:07.123Z'],
    // unparsable or unset → ''
    ['', ''],
    ['abc', ''],
    ['2023-02-29', ''],
    ['2024-13-01', ''],
    ['2024-05-32', ''],
    ['2024-05-01 24:00:00', ''],
    ['2024-05-01 13:60:00', ''],
    [' 2024-05-01', ''],
    ['2024-5-1', ''],
    ['12', ''],
    ['0001-01-01 00:00:00.000Z', ''],
    [null, ''],
    [undefined, ''],
    [true, ''],
    [{}, ''],
    [[], ''],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
    [new Date('x'), ''],
  ])('%p → %p', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  test('canonical output parses to itself', () => {
    const s = '1999-12-31 23:59:59.999Z';
    expect(parseDate(parseDate(s))).toBe(s);
  });

  test('years below 100 are not shifted to 19xx', () => {
    expect(parseDate('0050-06-01')).toBe('0050-06-01 00:00:00.000Z');
  });

  test('toDate returns null for garbage', () => {
    expect(toDate('nope')).toBeNull();
    expect(toDate('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
  });
});
