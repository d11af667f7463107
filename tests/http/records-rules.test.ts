// An app built with the official SDK (users, posts, comments, tags): every rule outcome, filter operator and modifier.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import { startServer, type TestServer } from '../support/server.ts';

const PASS = '1234567890';

let server: TestServer;
let su: PocketBase;
const as: Record<'guest' | 'alice' | 'bob' | 'carol', PocketBase> = {} as never;
const uid: Record<'alice' | 'bob' | 'carol', string> = {} as never;
/** Post ids by key; titles double as names in assertions. */
const post: Record<string, string> = {};
const tag: Record<string, string> = {};

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ClientResponseError) return err.status;
    throw err;
  }
}

const keyOf = (id: string) => Object.keys(post).find((k) => post[k] === id) ?? id;
const keys = (items: RecordModel[]) => items.map((r) => keyOf(r.id)).sort();

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  const users = await su.collections.getOne('users');
  await su.collections.update('users', {
    fields: [
      ...users.fields,
      { name: 'role', type: 'select', values: ['member', 'admin'], maxSelect: 1 },
    ],
    listRule: '',
    viewRule: '',
    createRule: '@request.body.role:isset = false || @request.auth.role = "admin"',
    updateRule: 'id = @request.auth.id && @request.body.role:isset = false',
    deleteRule: 'id = @request.auth.id',
    manageRule: '@request.auth.role = "admin"',
  });
  const tags = await su.collections.create({
    name: 'tags',
    fields: [{ name: 'name', type: 'text', required: true }],
    listRule: '',
    viewRule: '',
    createRule: '@request.auth.role = "admin"',
    updateRule: null,
    deleteRule: '@request.headers.x_api_key = "s3cr3t"',
  });
  const posts = await su.collections.create({
    name: 'posts',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'status', type: 'select', values: ['draft', 'published'], maxSelect: 1 },
      { name: 'tags', type: 'relation', collectionId: tags.id, maxSelect: 10 },
      { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
      { name: 'views', type: 'number' },
      { name: 'meta', type: 'json' },
      { name: 'flags', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
      { name: 'loc', type: 'geoPoint' },
      { name: 'publishedAt', type: 'date' },
      { name: 'secret', type: 'text', hidden: true },
      { name: 'created', type: 'autodate', onCreate: true },
    ],
    listRule: 'status = "published" || (@request.auth.id != "" && author = @request.auth.id)',
    viewRule:
      'status = "published" || (@request.auth.id != "" && author = @request.auth.id) || @request.query.share = "abc"',
    createRule: '@request.auth.id != "" && author = @request.auth.id && tags:length <= 3',
    updateRule:
      'author = @request.auth.id && @request.body.author:changed = false && @request.body.views:isset = false',
    deleteRule: 'author = @request.auth.id || @request.auth.role = "admin"',
  });
  await su.collections.create({
    name: 'comments',
    fields: [
      {
        name: 'post',
        type: 'relation',
        collectionId: posts.id,
        maxSelect: 1,
        required: true,
        cascadeDelete: true,
      },
      { name: 'user', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
      { name: 'text', type: 'text' },
    ],
    listRule: 'post.status = "published" || post.author = @request.auth.id',
    viewRule: 'post.status = "published" || post.author = @request.auth.id',
    createRule: '@request.auth.id != "" && user = @request.auth.id && post.status = "published"',
    updateRule: 'user = @request.auth.id && @request.body.post:changed = false',
    deleteRule: 'user = @request.auth.id || post.author = @request.auth.id',
  });

  for (const [name, role] of [
    ['alice', 'admin'],
    ['bob', 'member'],
    ['carol', 'member'],
  ] as const) {
    const u = await su.collection('users').create({
      email: `${name}@example.com`,
      password: PASS,
      passwordConfirm: PASS,
      name,
      role,
    });
    uid[name] = u.id;
    const pb = server.client();
    await pb.collection('users').authWithPassword(`${name}@example.com`, PASS);
    as[name] = pb;
  }
  as.guest = server.client();
  for (const name of ['news', 'tech', 'pb_core', 'pb_ext']) {
    tag[name] = (await su.collection('tags').create({ name })).id;
  }
  const make = async (key: string, data: Record<string, unknown>) => {
    post[key] = (await su.collection('posts').create(data)).id;
  };
  await make('p1', {
    title: 'Hello PocketBase',
    status: 'published',
    author: uid.alice,
    tags: [tag.news, tag.tech],
    views: 10,
    meta: { score: 5, items: [{ sku: 'A1' }] },
    flags: ['a', 'b'],
    loc: { lon: 23.32, lat: 42.69 },
    publishedAt: '2024-05-01 12:00:00.000Z',
    secret: 's1',
  });
  await make('p2', { title: 'Alice draft', status: 'draft', author: uid.alice });
  await make('p3', {
    title: 'Bob\'s "quoted" post',
    status: 'published',
    author: uid.bob,
    tags: [tag.pb_core, tag.pb_ext],
    views: 100,
    meta: { score: 20 },
    flags: ['c'],
    publishedAt: '2024-06-15 08:30:00.000Z',
  });
  await make('p4', {
    title: 'bob secret',
    status: 'draft',
    author: uid.bob,
    tags: [tag.news],
    views: 3,
  });
  await make('p5', {
    title: 'carol 100% sure_thing',
    status: 'published',
    author: uid.carol,
    views: 50,
    meta: { score: 15 },
  });
  const comment = (p: string, user: string, text: string) =>
    su.collection('comments').create({ post: post[p], user, text });
  await comment('p1', uid.bob, 'nice');
  await comment('p1', uid.carol, 'great');
  await comment('p3', uid.alice, 'ok');
  await comment('p2', uid.alice, 'self note');
});

afterAll(() => server.stop());

describe('listRule and viewRule', () => {
  test('each caller sees what the listRule lets through', async () => {
    const list = async (pb: PocketBase) => keys(await pb.collection('posts').getFullList());
    expect(await list(as.guest)).toEqual(['p1', 'p3', 'p5']);
    expect(await list(as.bob)).toEqual(['p1', 'p3', 'p4', 'p5']);
    expect(await list(as.alice)).toEqual(['p1', 'p2', 'p3', 'p5']);
    expect(await list(su)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  test('totals count only visible rows', async () => {
    const page = await as.guest.collection('posts').getList(1, 2);
    expect([page.totalItems, page.totalPages, page.items.length]).toEqual([3, 2, 2]);
  });

  test('view: failing rule → 404; @request.query opens a share link', async () => {
    expect(await status(as.guest.collection('posts').getOne(post.p2!))).toBe(404);
    expect(await status(as.bob.collection('posts').getOne(post.p2!))).toBe(404);
    expect((await as.alice.collection('posts').getOne(post.p2!)).title).toBe('Alice draft');
    const shared = await as.guest.collection('posts').getOne(post.p2!, { query: { share: 'abc' } });
    expect(shared.title).toBe('Alice draft');
    expect(
      await status(as.guest.collection('posts').getOne(post.p2!, { query: { share: 'x' } })),
    ).toBe(404);
  });

  test('hidden fields: only superusers see and filter them', async () => {
    expect((await as.alice.collection('posts').getOne(post.p1!)).secret).toBeUndefined();
    expect((await su.collection('posts').getOne(post.p1!)).secret).toBe('s1');
    expect(
      await status(as.alice.collection('posts').getList(1, 1, { filter: 'secret = "s1"' })),
    ).toBe(400);
    expect(await status(as.alice.collection('posts').getList(1, 1, { sort: 'secret' }))).toBe(400);
    const found = await su.collection('posts').getList(1, 5, { filter: 'secret = "s1"' });
    expect(keys(found.items)).toEqual(['p1']);
  });

  test('a joined collection brings its listRule along (guest relation filter)', async () => {
    // comments on Alice's draft are hidden from guests, so they can't be used to find it either
    const viaComments = await su
      .collection('posts')
      .getFullList({ filter: 'comments_via_post.text ?= "self note"' });
    expect(keys(viaComments)).toEqual(['p2']);
    const guest = await as.guest
      .collection('comments')
      .getFullList({ filter: 'post.title ~ "draft"' });
    expect(guest).toEqual([]);
    const own = await as.alice
      .collection('comments')
      .getFullList({ filter: 'post.title ~ "draft"' });
    expect(own.map((c) => c.text)).toEqual(['self note']);
  });

  test('@request and @collection in a non-superuser filter or sort → 403', async () => {
    for (const [opts, word] of [
      [{ filter: '@request.auth.id != ""' }, '@request.'],
      [{ filter: '@collection.tags.name ?= "news"' }, '@collection.'],
      [{ sort: '@request.auth.id' }, '@request.'],
    ] as const) {
      const err = await failure(as.bob.collection('posts').getList(1, 1, opts));
      expect([err.status, err.message]).toEqual([403, `Only superusers can filter by ${word}`]);
    }
    const ok = await su
      .collection('posts')
      .getFullList({ filter: '@collection.tags.name ?= "tech" && tags.id ?= @collection.tags.id' });
    expect(keys(ok)).toEqual(['p1']);
  });
});

describe('createRule', () => {
  test('guest → 400 Failed to create record. with empty data', async () => {
    const err = await failure(
      as.guest.collection('posts').create({ title: 'x', status: 'draft', author: uid.bob }),
    );
    expect([err.status, err.message, err.response.data]).toEqual([
      400,
      'Failed to create record.',
      {},
    ]);
  });

  test('the would-be record is checked: author must be the requester, ≤ 3 tags', async () => {
    expect(await status(as.bob.collection('posts').create({ title: 'x', author: uid.alice }))).toBe(
      400,
    );
    const four = [tag.news, tag.tech, tag.pb_core, tag.pb_ext];
    expect(
      await status(as.bob.collection('posts').create({ title: 'x', author: uid.bob, tags: four })),
    ).toBe(400);
    const ok = await as.bob
      .collection('posts')
      .create({ title: 'bob new', author: uid.bob, tags: four.slice(0, 3) });
    expect(ok.tags).toHaveLength(3);
    await su.collection('posts').delete(ok.id);
  });

  test('modifiers are resolved before the rule (tags+ counts)', async () => {
    const err = await failure(
      as.bob.collection('posts').create({
        title: 'x',
        author: uid.bob,
        tags: [tag.news, tag.tech],
        'tags+': [tag.pb_core, tag.pb_ext],
      }),
    );
    expect(err.status).toBe(400);
  });

  test('relations of the new record are followed (comment on a published post only)', async () => {
    const onDraft = await status(
      as.carol.collection('comments').create({ post: post.p2, user: uid.carol, text: 'hi' }),
    );
    expect(onDraft).toBe(400);
    const forOther = await status(
      as.carol.collection('comments').create({ post: post.p1, user: uid.bob, text: 'hi' }),
    );
    expect(forOther).toBe(400);
    const ok = await as.carol
      .collection('comments')
      .create({ post: post.p1, user: uid.carol, text: 'hi' });
    expect(ok.text).toBe('hi');
    await su.collection('comments').delete(ok.id);
  });

  test('null createRule → 403 for everyone but superusers', async () => {
    const err = await failure(as.bob.collection('tags').update(tag.news!, { name: 'x' }));
    expect([err.status, err.message]).toEqual([403, 'Only superusers can perform this action.']);
    expect(await status(as.bob.collection('tags').create({ name: 'y' }))).toBe(400);
    const made = await as.alice.collection('tags').create({ name: 'by admin' });
    await su.collection('tags').delete(made.id);
  });
});

describe('updateRule with @request.body', () => {
  test('someone else → 404; the author → 200', async () => {
    expect(await status(as.bob.collection('posts').update(post.p1!, { title: 'hijack' }))).toBe(
      404,
    );
    const r = await as.alice.collection('posts').update(post.p1!, { title: 'Hello PocketBase' });
    expect(r.title).toBe('Hello PocketBase');
  });

  test(':changed forbids changing the author, but resending the same value is fine', async () => {
    expect(await status(as.alice.collection('posts').update(post.p1!, { author: uid.bob }))).toBe(
      404,
    );
    const same = await as.alice.collection('posts').update(post.p1!, { author: uid.alice });
    expect(same.author).toBe(uid.alice);
  });

  test(':isset forbids sending a field at all', async () => {
    expect(await status(as.alice.collection('posts').update(post.p1!, { views: 10 }))).toBe(404);
    expect(await status(as.alice.collection('posts').update(post.p1!, { 'views+': 1 }))).toBe(404);
    expect((await su.collection('posts').update(post.p1!, { views: 10 })).views).toBe(10);
  });

  test('the rule sees the stored record, not the new values', async () => {
    // comments.updateRule: user = @request.auth.id — sending another user doesn't let bob in
    const c = await su
      .collection('comments')
      .getFirstListItem(`text = "great" && post = "${post.p1}"`);
    expect(await status(as.bob.collection('comments').update(c.id, { user: uid.bob }))).toBe(404);
    expect(await status(as.carol.collection('comments').update(c.id, { post: post.p3 }))).toBe(404);
    expect((await as.carol.collection('comments').update(c.id, { text: 'great' })).text).toBe(
      'great',
    );
  });
});

describe('deleteRule and @request.headers', () => {
  test('delete by author, by admin role, refused otherwise', async () => {
    const mk = () =>
      as.bob.collection('posts').create({ title: 'temp', status: 'draft', author: uid.bob });
    const a = await mk();
    expect(await status(as.carol.collection('posts').delete(a.id))).toBe(404);
    expect(await status(as.bob.collection('posts').delete(a.id))).toBe(200);
    const b = await mk();
    expect(await status(as.alice.collection('posts').delete(b.id))).toBe(200);
  });

  test('a header rule: x-api-key', async () => {
    const t = await su.collection('tags').create({ name: 'temp' });
    expect(await status(as.guest.collection('tags').delete(t.id))).toBe(404);
    const wrong = await status(
      as.guest.collection('tags').delete(t.id, { headers: { 'X-Api-Key': 'nope' } }),
    );
    expect(wrong).toBe(404);
    const ok = await status(
      as.guest.collection('tags').delete(t.id, { headers: { 'X-Api-Key': 's3cr3t' } }),
    );
    expect(ok).toBe(200);
  });
});

describe('manageRule', () => {
  test('a manager sees every email; others only their own or public ones', async () => {
    const emails = async (pb: PocketBase) =>
      (await pb.collection('users').getFullList({ sort: 'name' })).map((u) => u.email ?? null);
    expect(await emails(as.alice)).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
    ]);
    expect(await emails(as.bob)).toEqual([null, 'bob@example.com', null]);
    expect(await emails(as.guest)).toEqual([null, null, null]);
    expect((await as.alice.collection('users').getOne(uid.carol)).email).toBe('carol@example.com');
    expect((await as.bob.collection('users').getOne(uid.carol)).email).toBeUndefined();
  });

  test('a non-manager may not verify itself or skip oldPassword', async () => {
    const err = await failure(as.bob.collection('users').update(uid.bob, { verified: true }));
    expect(err.response.data.verified?.code).toBe('validation_values_mismatch');
    const pw = await failure(
      as.bob
        .collection('users')
        .update(uid.bob, { password: 'newpass123', passwordConfirm: 'newpass123' }),
    );
    expect(pw.response.data.oldPassword?.code).toBe('validation_required');
  });

  test('the updateRule still applies to managers; manage rights come on top', async () => {
    // users.updateRule is `id = @request.auth.id`: alice can't update carol through the API
    expect(await status(as.alice.collection('users').update(uid.carol, { verified: true }))).toBe(
      404,
    );
    // but as the creator of a record (createRule allows admins to set role) she may set `verified`
    const made = await as.alice.collection('users').create({
      email: 'dave@example.com',
      password: PASS,
      passwordConfirm: PASS,
      verified: true,
      role: 'member',
    });
    expect([made.verified, made.email]).toEqual([true, 'dave@example.com']);
    const denied = await failure(
      as.bob.collection('users').create({
        email: 'eve@example.com',
        password: PASS,
        passwordConfirm: PASS,
        verified: true,
      }),
    );
    expect(denied.response.data.verified?.code).toBe('validation_values_mismatch');
    expect(
      await status(
        as.bob.collection('users').create({
          email: 'eve@example.com',
          password: PASS,
          passwordConfirm: PASS,
          role: 'admin',
        }),
      ),
    ).toBe(400);
    await su.collection('users').delete(made.id);
  });

  test('a manager changes a password without oldPassword', async () => {
    await su.collections.update('users', {
      updateRule: 'id = @request.auth.id || @request.auth.role = "admin"',
    });
    try {
      await as.alice
        .collection('users')
        .update(uid.carol, { password: 'carolnew123', passwordConfirm: 'carolnew123' });
      const pb = server.client();
      await pb.collection('users').authWithPassword('carol@example.com', 'carolnew123');
      expect(pb.authStore.record?.id).toBe(uid.carol);
      await su.collection('users').update(uid.carol, { password: PASS, passwordConfirm: PASS });
      await as.carol.collection('users').authWithPassword('carol@example.com', PASS);
    } finally {
      await su.collections.update('users', {
        updateRule: 'id = @request.auth.id && @request.body.role:isset = false',
      });
    }
  });
});

describe('filters: operators', () => {
  const cases: [string, string[], string[]?][] = [
    // [filter, guest sees, superuser sees (defaults to the guest's)]
    ['title = "Hello PocketBase"', ['p1']],
    ['title != "Hello PocketBase"', ['p3', 'p5'], ['p2', 'p3', 'p4', 'p5']],
    ['views > 10', ['p3', 'p5']],
    ['views >= 10', ['p1', 'p3', 'p5']],
    ['views < 10', [], ['p2', 'p4']],
    ['views <= 10', ['p1'], ['p1', 'p2', 'p4']],
    ['title ~ "pocket"', ['p1']],
    ['title !~ "pocket"', ['p3', 'p5'], ['p2', 'p3', 'p4', 'p5']],
    ['title ~ "carol 100%"', ['p5']],
    ['title ~ "100\\%"', ['p5']],
    ['title ~ "sure_thing"', ['p5']],
    ['tags.name ?= "news"', ['p1'], ['p1', 'p4']],
    // an empty set is one NULL (≡ '') value: it differs from "news"
    ['tags.name ?!= "news"', ['p1', 'p3', 'p5'], ['p1', 'p2', 'p3', 'p5']],
    ['tags.name ?~ "pb_"', ['p3']],
    ['tags.name ?!~ "pb"', ['p1'], ['p1', 'p4']],
    ['tags.name ?> "s"', ['p1']],
    ['tags.name ?>= "tech"', ['p1']],
    ['tags.name ?< "o"', ['p1'], ['p1', 'p4']],
    ['tags.name ?<= "news"', ['p1'], ['p1', 'p4']],
    ['tags.name ~ "pb_"', ['p3']],
    ['tags.name = "news"', [], ['p4']],
    ['tags.name != "news"', ['p3', 'p5'], ['p2', 'p3', 'p5']],
    ['tags.id ?= "' + 'TAG_TECH' + '"', ['p1']],
  ];
  for (const [filter, guest, superuser] of cases) {
    test(filter, async () => {
      const f = filter.replace('TAG_TECH', tag.tech!);
      expect(keys(await as.guest.collection('posts').getFullList({ filter: f }))).toEqual(guest);
      expect(keys(await su.collection('posts').getFullList({ filter: f }))).toEqual(
        superuser ?? guest,
      );
    });
  }
});

describe('filters: modifiers, paths, functions', () => {
  const cases: [string, string[]][] = [
    ['tags:length = 2', ['p1', 'p3']],
    ['tags:length = 0', ['p2', 'p5']],
    ['flags:each ?= "c"', ['p3']],
    ['flags:each != "c"', ['p1', 'p2', 'p4', 'p5']],
    ['flags ~ "b"', ['p1']],
    ['flags:length >= 1', ['p1', 'p3']],
    ['title:lower = "hello pocketbase"', ['p1']],
    ['author.name = "bob"', ['p3', 'p4']],
    ['author.role = "admin" && status = "published"', ['p1']],
    ['author.name:lower ?= "CAROL"', []],
    ['comments_via_post.text ?~ "nic"', ['p1']],
    ['comments_via_post.user.name ?= "alice"', ['p2', 'p3']],
    ['meta.score > 10', ['p3', 'p5']],
    ['meta.items.0.sku = "A1"', ['p1']],
    ['meta = null', ['p2', 'p4']],
    ['title = null', []],
    ['geoDistance(loc.lon, loc.lat, 23.32, 42.69) < 25', ['p1']],
    ['strftime(\'%Y-%m\', publishedAt) = "2024-05"', ['p1']],
    ['created <= @now && created > @yesterday', ['p1', 'p2', 'p3', 'p4', 'p5']],
    ['created > @tomorrow', []],
    ['status = "draft" || views > 50 && title ~ "bob"', ['p2', 'p3', 'p4']],
    ['(status = "draft" || views > 50) && title ~ "bob"', ['p3', 'p4']],
    ['// drafts only\nstatus = "draft"', ['p2', 'p4']],
    ['@request.auth.id = "" && status = "published"', []],
    ['@request.auth.collectionName = "_superusers" && views = 0', ['p2']],
    ['@request.query.filter:isset = true && views = 0', ['p2']],
    ['@request.query.x:isset = true', []],
    ['@request.headers.accept:isset = true && views = 3', ['p4']],
    ['@request.method = "GET" && views = 3', ['p4']],
    ['@request.context = "default" && views = 3', ['p4']],
  ];
  for (const [filter, expected] of cases) {
    test(filter, async () => {
      expect(keys(await su.collection('posts').getFullList({ filter }))).toEqual(expected);
    });
  }

  test('a non-superuser filters across a relation too', async () => {
    const got = await as.guest.collection('posts').getFullList({ filter: 'author.name = "bob"' });
    expect(keys(got)).toEqual(['p3']);
  });

  test('email of an auth collection only matches public emails for non-superusers', async () => {
    const f = { filter: 'email = "bob@example.com"' };
    expect(await as.guest.collection('users').getFullList(f)).toEqual([]);
    expect((await su.collection('users').getFullList(f)).map((u) => u.id)).toEqual([uid.bob]);
  });
});

describe('pb.filter() binding', () => {
  test('quotes inside values stay values', async () => {
    const f = su.filter('title = {:t}', { t: 'Bob\'s "quoted" post' });
    expect(keys(await as.guest.collection('posts').getFullList({ filter: f }))).toEqual(['p3']);
    const injection = su.filter('title = {:t}', { t: '" || title != "' });
    expect(await as.guest.collection('posts').getFullList({ filter: injection })).toEqual([]);
  });

  test('dates, numbers, booleans and null', async () => {
    const since = su.filter('publishedAt >= {:d}', { d: new Date('2024-06-01T00:00:00Z') });
    expect(keys(await as.guest.collection('posts').getFullList({ filter: since }))).toEqual(['p3']);
    const n = su.filter('views >= {:n} && meta != {:nil}', { n: 50, nil: null });
    expect(keys(await as.guest.collection('posts').getFullList({ filter: n }))).toEqual([
      'p3',
      'p5',
    ]);
    const b = su.filter('role = {:r} && verified = {:v}', { r: 'admin', v: false });
    expect((await su.collection('users').getFullList({ filter: b })).map((u) => u.id)).toEqual([
      uid.alice,
    ]);
  });
});

describe('sort', () => {
  test('-field, +field, several fields, relation paths', async () => {
    const titles = async (sort: string) =>
      (await su.collection('posts').getFullList({ sort })).map((r) => keyOf(r.id));
    expect(await titles('-views')).toEqual(['p3', 'p5', 'p1', 'p4', 'p2']);
    expect(await titles('+views')).toEqual(['p2', 'p4', 'p1', 'p5', 'p3']);
    expect(await titles('status,-views')).toEqual(['p4', 'p2', 'p3', 'p5', 'p1']);
    expect(await titles('author.name,title')).toEqual(['p2', 'p1', 'p3', 'p4', 'p5']);
    expect(await titles('-@rowid')).toEqual(['p5', 'p4', 'p3', 'p2', 'p1']);
    expect(await titles('meta.score,views')).toEqual(['p2', 'p4', 'p1', 'p5', 'p3']);
  });

  test('@random returns every row', async () => {
    const got = await su.collection('posts').getFullList({ sort: '@random' });
    expect(keys(got)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  test('bad sorts are 400s', async () => {
    for (const sort of [
      'nope',
      'author.nope',
      'title,',
      '-',
      'a'.repeat(300),
      'a,b,c,d,e,f,g,h,i',
    ]) {
      expect(await status(su.collection('posts').getList(1, 1, { sort }))).toBe(400);
    }
  });
});

describe('getFirstListItem', () => {
  test('first match or 404', async () => {
    const r = await as.guest.collection('posts').getFirstListItem('views > 20', { sort: 'views' });
    expect(keyOf(r.id)).toBe('p5');
    const err = await failure(as.guest.collection('posts').getFirstListItem('status = "draft"'));
    expect(err.status).toBe(404);
  });
});

describe('rules are compiled when a collection is saved', () => {
  test('every broken rule is a validation_invalid_rule field error', async () => {
    const err = await failure(
      su.collections.create({
        name: 'broken',
        type: 'auth',
        fields: [{ name: 'title', type: 'text' }],
        listRule: 'nope = 1',
        viewRule: 'title = ',
        createRule: '',
        updateRule: 'title.x = 1',
        deleteRule: null,
        authRule: '@request.auth.id != "" && (',
        manageRule: 'title:nope = 1',
        mfa: { enabled: false, rule: 'missing ~ 1' },
      }),
    );
    expect(err.status).toBe(400);
    const data = err.response.data as Record<string, { code: string; message: string }> & {
      mfa: { rule: { code: string; message: string } };
    };
    for (const key of ['listRule', 'viewRule', 'updateRule', 'authRule', 'manageRule']) {
      expect(data[key]?.code).toBe('validation_invalid_rule');
      expect(data[key]?.message).toStartWith('Invalid rule. Raw error: ');
    }
    expect(data.mfa.rule.code).toBe('validation_invalid_rule');
    expect(data.createRule).toBeUndefined();
    expect(data.deleteRule).toBeUndefined();
  });

  test('rules may use hidden fields, relations, back-relations and @request', async () => {
    const posts = await su.collections.getOne('posts');
    const c = await su.collections.create({
      name: 'fine',
      fields: [
        { name: 'title', type: 'text', hidden: true },
        { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1 },
      ],
      listRule: 'title = "x" && post.author = @request.auth.id && @request.query.a:isset = false',
      viewRule: 'post.comments_via_post.user ?= @request.auth.id',
    });
    expect(c.listRule).toContain('post.author');
    await su.collections.delete(c.id);
  });

  test('an update that breaks a stored rule is refused', async () => {
    const tags = await su.collections.getOne('tags');
    const err = await failure(
      su.collections.update('tags', {
        fields: tags.fields.filter((f: { name: string }) => f.name !== 'name'),
        listRule: 'name != ""',
      }),
    );
    expect((err.response.data.listRule as { code: string }).code).toBe('validation_invalid_rule');
  });
});
