// Client filters that cross into other collections see only what those collections' listRules and
// email visibility allow (filter-and-rules.md §4.5), in the "all" subqueries of §4.4 as well.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

const PASSWORD = '1234567890';
let server: TestServer;
let su: PocketBase;
let bob: PocketBase;
const names = new Map<string, string>();

async function titles(pb: PocketBase, filter: string): Promise<string[]> {
  const list = await pb.collection('posts').getFullList({ filter, sort: 'title' });
  return list.map((r) => r.title as string);
}

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  const users = await su.collections.getOne('users');
  await su.collections.update('users', {
    fields: [...users.fields, { name: 'role', type: 'text' }],
    listRule: '',
    viewRule: '',
  });
  await su.collections.create({
    name: 'posts',
    listRule: '',
    viewRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
      { name: 'members', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 10 },
    ],
  });
  const mk = (email: string, extra: Record<string, unknown>) =>
    su
      .collection('users')
      .create({ email, password: PASSWORD, passwordConfirm: PASSWORD, ...extra });
  const alice = await mk('alice@example.com', {
    name: 'Alice',
    role: 'admin',
    emailVisibility: true,
  });
  const bobRec = await mk('bob@example.com', { name: 'Bob', role: 'member' });
  const posts = su.collection('posts');
  for (const [title, data] of [
    ['p1', { author: alice.id, members: [alice.id, bobRec.id] }],
    ['p2', { author: bobRec.id, members: [bobRec.id] }],
    ['p3', {}],
  ] as const) {
    const r = await posts.create({ title, ...data });
    names.set(r.id, title);
  }
  bob = server.client();
  await bob.collection('users').authWithPassword('bob@example.com', PASSWORD);
});
afterAll(() => server.stop());

describe('a record whose relation is empty still matches `rel.x = ""`', () => {
  test.each([
    ['author.name = ""', ['p3']],
    ['author.name != "zzz"', ['p2', 'p3']],
    ['members.name = ""', ['p3']],
    ['members.name ?= ""', ['p3']],
  ])('%p as bob, users listed only to themselves', async (filter, expected) => {
    await su.collections.update('users', { listRule: 'id = @request.auth.id' });
    try {
      expect(await titles(bob, filter)).toEqual(expected);
    } finally {
      await su.collections.update('users', { listRule: '' });
    }
  });
});

describe('"all" comparisons never test rows the client may not see', () => {
  test('a private email cannot be confirmed or guessed through != and !~', async () => {
    const guest = server.client();
    // bob's email is private: these must not depend on it.
    for (const [hit, miss] of [
      ['members.email != "bob@example.com"', 'members.email != "nobody@example.com"'],
      ['members.email !~ "bob"', 'members.email !~ "zzz"'],
      ['members.email !~ "b%"', 'members.email !~ "q%"'],
    ]) {
      expect([hit, await titles(guest, hit!)]).toEqual([hit, await titles(guest, miss!)]);
    }
    // The public one still counts.
    expect(await titles(guest, 'members.email ?= "alice@example.com"')).toEqual(['p1']);
  });

  test('fields of users hidden by their listRule cannot be probed either', async () => {
    await su.collections.update('users', { listRule: 'id = @request.auth.id' });
    try {
      for (const [probe, control] of [
        ['members.name != "Alice"', 'members.name != "Zed"'],
        ['members.role != "admin"', 'members.role != "zzz"'],
        ['members.name !~ "Al%"', 'members.name !~ "Zz%"'],
      ]) {
        expect([probe, await titles(bob, probe!)]).toEqual([probe, await titles(bob, control!)]);
      }
      // Superusers are not restricted: the same probes do see Alice.
      expect(await titles(su, 'members.name != "Alice"')).toEqual(['p2', 'p3']);
    } finally {
      await su.collections.update('users', { listRule: '' });
    }
  });
});
