// Subscription strings → topics: forms, options decoding, and the paths an event is delivered to.
import { describe, expect, test } from 'bun:test';
import { eventPaths, parseTopic } from '../../src/core/realtime/topics.ts';

const opts = (o: unknown) => `?options=${encodeURIComponent(JSON.stringify(o))}`;

describe('parseTopic', () => {
  const cases: [string, Partial<ReturnType<typeof parseTopic>>][] = [
    ['posts/*', { path: 'posts/*', kind: 'list', collection: 'posts' }],
    ['posts', { path: 'posts', kind: 'list', collection: 'posts' }],
    ['posts/abc123', { path: 'posts/abc123', kind: 'view', collection: 'posts' }],
    ['pbc_123/*', { kind: 'list', collection: 'pbc_123' }],
    ['@oauth2', { kind: 'other' }],
    ['posts/a/b', { kind: 'other' }],
    ['/x', { kind: 'other' }],
    ['posts/', { kind: 'other' }],
    ['?options={}', { kind: 'other', path: '' }],
    ['posts/*x', { path: 'posts/*x', kind: 'view' }],
  ];
  for (const [raw, expected] of cases) {
    test(raw, () => expect(parseTopic(raw)).toMatchObject({ raw, ...expected }));
  }

  test('options: query and headers stringified, header keys snake-cased', () => {
    const raw = `posts/*${opts({ query: { expand: 'author', n: 5, b: true, o: { a: 1 }, z: null }, headers: { 'X-Token': 'abc', xApiKey: 'k' } })}`;
    expect(parseTopic(raw)).toMatchObject({
      raw,
      path: 'posts/*',
      options: {
        query: { expand: 'author', n: '5', b: 'true', o: '{"a":1}', z: '' },
        headers: { x_token: 'abc', x_api_key: 'k' },
      },
    });
  });

  test('unknown top-level option keys are ignored; a missing options param means none', () => {
    expect(parseTopic(`posts/*${opts({ filter: 'x' })}`).options).toEqual({
      query: {},
      headers: {},
    });
    expect(parseTopic('posts/*?foo=1').options).toEqual({ query: {}, headers: {} });
  });

  test('invalid options JSON → null options (the topic never fires)', () => {
    expect(parseTopic('posts/*?options=%7Bnope').options).toBeNull();
    expect(parseTopic('posts/*?options=%5B1%5D').options).toBeNull();
    expect(parseTopic('posts/*?options=5').options).toBeNull();
  });
});

test('eventPaths: name and id forms, list, record and legacy', () => {
  expect(eventPaths({ id: 'pbc_1', name: 'posts' }, 'r1').sort()).toEqual(
    ['posts/*', 'posts/r1', 'posts', 'pbc_1/*', 'pbc_1/r1', 'pbc_1'].sort(),
  );
});
