// Batched rule checks must agree with one check per subscriber, for every kind of `@request.auth` use.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { compileFilter } from '../../src/core/filter/index.ts';
import { authShape, evaluate, substituteSentinels } from '../../src/core/realtime/rule-batch.ts';
import type { AuthInfo } from '../../src/core/records/auth-info.ts';
import { findRecordById } from '../../src/core/records/find.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { buildWorld, type World } from './helpers.ts';

let server: TestServer;
let w: World;
let auths: AuthInfo[];
let postId = '';
/** The stored post, as an event carries it. */
const post = () => findRecordById(server.app.core, 'posts', postId)!;

beforeAll(async () => {
  server = await startServer();
  w = await buildWorld(server);
  const core = server.app.core;
  const users = core.collections.require('users');
  for (let i = 0; i < 6; i++) {
    await w.su.collection('users').create({
      email: `u${i}@test.org`,
      password: '1234567890',
      passwordConfirm: '1234567890',
      name: i % 2 ? 'Alice' : `n${i}`,
    });
  }
  const rows = await w.su.collection('users').getFullList();
  auths = rows.map((r) => ({
    record: findRecordById(core, users, r.id)!,
    collection: users,
    isSuperuser: false,
    token: '',
    refreshable: false,
  }));
  postId = (await w.su.collection('posts').create({ title: 'hello', owner: w.aliceId })).id;
  await w.su.collection('notes').create({ text: 'n', owner: w.bobId });
});

afterAll(() => server.stop());

const RULES = [
  'owner = @request.auth.id',
  'owner.email = @request.auth.email',
  '@request.auth.id != ""',
  'owner.name = @request.auth.name',
  '@request.auth.email ~ "example"',
  '@request.auth.id ~ owner',
  '@collection.notes.owner ?= @request.auth.id',
  '@request.auth.collectionName = "users" && title = @request.query.t',
  'owner = @request.auth.id || @request.auth.name = "Alice"',
  'owner = @request.auth.id || (title = "hello" && @request.auth.id != "")',
  'owner = @request.auth.id || owner.email = @request.auth.email',
];

for (const rule of RULES) {
  test(`batched = one by one: ${rule}`, () => {
    const core = server.app.core;
    const posts = core.collections.require('posts');
    const options = { query: { t: 'hello' }, headers: {} };
    const conds = [{ expr: rule, restricted: false }];
    const byShape = new Map<string, AuthInfo[]>();
    for (const a of auths) byShape.set(authShape(a), [...(byShape.get(authShape(a)) ?? []), a]);
    for (const group of byShape.values()) {
      const batched = evaluate(core, posts, post(), conds, options, group);
      const single = group.map(
        (a) => evaluate(core, posts, post(), conds, options, [a])[0] === true,
      );
      expect(batched).toEqual(single);
    }
  });
}

test('the owner rule really is batched (its SQL rewrites), a LIKE on the auth id falls back', () => {
  const core = server.app.core;
  const posts = core.collections.require('posts');
  const sentinel = {
    ...auths[0]!,
    record: { ...auths[0]!.record, id: '\u0001realtime-auth-id\u0001' },
  };
  const owner = compileFilter('owner = @request.auth.id', posts, core.collections, {
    auth: sentinel,
  });
  const rewritten = substituteSentinels(owner);
  expect(rewritten?.sql).toContain('json_extract(__rt_auth.value');
  expect(rewritten?.params).not.toContain(sentinel.record.id);
  const like = compileFilter('title ~ @request.auth.id', posts, core.collections, {
    auth: sentinel,
  });
  if (
    like.params.some(
      (p) => typeof p === 'string' && p !== sentinel.record.id && p.includes(sentinel.record.id),
    )
  ) {
    expect(substituteSentinels(like)).toBeNull();
  }
});

test('expected verdicts for the owner-only rule across many users (one query)', () => {
  const core = server.app.core;
  const posts = core.collections.require('posts');
  const users = auths.filter((a) => authShape(a) === authShape(auths[0]!));
  const verdicts = evaluate(
    core,
    posts,
    post(),
    [{ expr: 'owner = @request.auth.id', restricted: false }],
    { query: {}, headers: {} },
    users,
  );
  expect(verdicts).toEqual(users.map((a) => a.record.id === w.aliceId));
});

test('one query per group; the list it scans carries emails only when a check reads them', () => {
  const core = server.app.core;
  const posts = core.collections.require('posts');
  const users = auths.filter((a) => authShape(a) === authShape(auths[0]!));
  const reader = core.store.reader;
  const lists: unknown[] = [];
  const all = reader.all.bind(reader);
  reader.all = ((sql: string, params?: readonly unknown[]) => {
    lists.push(JSON.parse(String(params?.[0])));
    return all(sql, params as never);
  }) as typeof reader.all;
  try {
    const check = (expr: string) =>
      evaluate(
        core,
        posts,
        post(),
        [{ expr, restricted: false }],
        { query: {}, headers: {} },
        users,
      );
    expect(check('owner = @request.auth.id || @request.auth.id = ""')).toEqual(
      users.map((a) => a.record.id === w.aliceId),
    );
    expect(check('@request.auth.email = owner.email')).toEqual(
      users.map((a) => a.record.id === w.aliceId),
    );
  } finally {
    reader.all = all;
  }
  expect(lists).toEqual([
    users.map((a) => a.record.id),
    users.map((a) => [a.record.id, a.record.email]),
  ]);
});

test('a broken rule fails closed', () => {
  const core = server.app.core;
  const posts = core.collections.require('posts');
  const out = evaluate(
    core,
    posts,
    post(),
    [{ expr: 'nope = 1', restricted: false }],
    { query: {}, headers: {} },
    [null, null],
  );
  expect(out).toEqual([false, false]);
});
