// The collection list filter subset: what matches, and what is a 400.
import { expect, test } from 'bun:test';
import { parseListFilter } from '../../../src/core/collections/list-filter.ts';

const items = [
  { id: 'a1', name: 'posts', type: 'base', system: false, created: '2024-01-01 00:00:00.000Z' },
  {
    id: 'a2',
    name: '_superusers',
    type: 'auth',
    system: true,
    created: '2023-01-01 00:00:00.000Z',
  },
  { id: 'a3', name: 'users', type: 'auth', system: false, created: '2025-01-01 00:00:00.000Z' },
];

const cases: [string, string[]][] = [
  ["name ~ 'user'", ['_superusers', 'users']],
  ['name ~ "USER%"', ['users']],
  ["name !~ 'user'", ['posts']],
  ["type = 'auth'", ['_superusers', 'users']],
  ["type != 'auth'", ['posts']],
  ['system = false', ['posts', 'users']],
  ["system = true || name = 'posts'", ['posts', '_superusers']],
  ["type = 'auth' && system = false", ['users']],
  ["(name = 'posts' || name = 'users') && type = 'auth'", ['users']],
  ["created > '2023-06-01'", ['posts', 'users']],
  ["created <= '2024-01-01 00:00:00.000Z'", ['posts', '_superusers']],
  ["id = 'a2'", ['_superusers']],
];

for (const [filter, expected] of cases) {
  test(filter, () => {
    expect(items.filter(parseListFilter(filter)).map((i) => i.name)).toEqual(expected);
  });
}

for (const bad of [
  "fields ~ 'x'",
  'name = ',
  "name ~ 'x' &&",
  "(name = 'x'",
  "name = 'x')",
  "name == 'x'",
  "name = 'x",
]) {
  test(`400 for ${bad}`, () => {
    expect(() => parseListFilter(bad)).toThrow('Invalid filter parameter.');
  });
}
