import { describe, expect, test } from 'bun:test';
import { crc32, generateFromPattern, newRecordId, randomString } from '../../src/core/ids.ts';

describe('crc32', () => {
  test.each([
    ['', 0],
    ['auth_superusers', 3142635823],
    ['base_externalAuths', 2281828961],
    ['base_mfas', 2279338944],
    ['base_otps', 1638494021],
    ['base_authOrigins', 4275539003],
    ['id', 3208210256],
    ['title', 724990059],
    ['123456789', 0xcbf43926],
  ])('%p → %p', (text, expected) => {
    expect(crc32(text)).toBe(expected);
  });

  test('hashes UTF-8 bytes', () => {
    expect(crc32('é')).toBe(crc32('\u00e9'));
    expect(crc32('é')).not.toBe(crc32('e'));
  });
});

describe('randomString', () => {
  test('length and default alphabet', () => {
    for (const n of [0, 1, 15, 50, 300]) {
      const s = randomString(n);
      expect(s).toHaveLength(n);
      expect(s).toMatch(/^[a-z0-9]*$/);
    }
  });

  test('custom alphabet; every symbol shows up', () => {
    const s = randomString(2000, 'ab');
    expect(s).toMatch(/^[ab]+$/);
    expect(s).toContain('a');
    expect(s).toContain('b');
  });

  test('newRecordId is 15 chars of [a-z0-9] and not constant', () => {
    const ids = new Set(Array.from({ length: 50 }, newRecordId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{15}$/);
  });
});

describe('generateFromPattern', () => {
  test.each([
    ['[a-z0-9]{15}', /^[a-z0-9]{15}$/],
    ['[a-zA-Z0-9]{50}', /^[a-zA-Z0-9]{50}$/],
    ['[a-zA-Z0-9_]{50}', /^\w{50}$/],
    ['users[0-9]{5}', /^users\d{5}$/],
    ['^[a-z]{3}$', /^[a-z]{3}$/],
    ['ab-[A-F]{2,4}', /^ab-[A-F]{2,4}$/],
    ['x\\d{3}', /^x\d{3}$/],
    ['\\w{4}', /^\w{4}$/],
    ['[-a]{6}', /^[-a]{6}$/],
    ['[a-]{6}', /^[-a]{6}$/],
    ['[\\-.]{6}', /^[-.]{6}$/],
    ['a?b', /^a?b$/],
    ['[x]+', /^x{1,10}$/],
    ['v\\.1', /^v\.1$/],
    ['[^a-z]{20}', /^[^a-z]{20}$/],
    ['', /^$/],
  ])('%p', (pattern, re) => {
    for (let i = 0; i < 20; i++) expect(generateFromPattern(pattern)).toMatch(re);
  });

  test.each(['(ab){3}', 'a|b', '[a-z', '[z-a]{2}', 'a{2', 'a**', '\\q', '\\'])(
    'unsupported %p throws a clear Error',
    (pattern) => {
      expect(() => generateFromPattern(pattern)).toThrow(/unsupported autogenerate pattern/);
    },
  );
});
