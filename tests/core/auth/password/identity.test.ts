// identityIndex: which indexes make a field usable as a login identity, and case-insensitively (auth.md §3).
import { describe, expect, test } from 'bun:test';
import { identityIndex } from '../../../../src/core/auth/password/identity.ts';
import type { Collection } from '../../../../src/core/collections/model.ts';

function withIndexes(...indexes: string[]): Collection {
  return { indexes } as unknown as Collection;
}

describe('identityIndex', () => {
  test.each([
    ['CREATE UNIQUE INDEX `idx_u` ON `users` (username)', { nocase: false }],
    [
      "CREATE UNIQUE INDEX `idx_e` ON `users` (`username`) WHERE `username` != ''",
      { nocase: false },
    ],
    ['CREATE UNIQUE INDEX idx ON users (username COLLATE NOCASE)', { nocase: true }],
    ['create unique index "i" on "users" ("username" collate nocase)', { nocase: true }],
    ['CREATE INDEX idx ON users (username)', null],
    ['CREATE UNIQUE INDEX idx ON users (username, email)', null],
    ['CREATE UNIQUE INDEX idx ON users (lower(username))', null],
    ['CREATE UNIQUE INDEX idx ON users (email)', null],
  ])('%s', (sql, expected) =>
    expect(identityIndex(withIndexes(sql), 'username')).toEqual(expected),
  );
});
