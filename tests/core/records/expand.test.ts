// applyExpand on a real core: forward/back/nested relations, viewRules, serialization, batching.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../../src/app.ts';
import type { Core } from '../../../src/core/core.ts';
import type { AuthInfo } from '../../../src/core/records/auth-info.ts';
import { applyExpand } from '../../../src/core/records/expand.ts';
import { normalizeExpandPaths } from '../../../src/core/records/expand-paths.ts';
import { findRecordById } from '../../../src/core/records/find.ts';
import { saveRecordInternal } from '../../../src/core/records/save.ts';
import { serializeRecord } from '../../../src/core/records/serialize.ts';
import { tempDir } from '../../support/server.ts';
import { CHAIN_LENGTH, id, seedExpand } from './expand-fixture.ts';
import { authAs, defineCollection } from './helpers.ts';

let core: Core;
let dir: string;
let superuser: AuthInfo;

beforeAll(async () => {
  dir = tempDir();
  core = await openCore(join(dir, 'data'));
  await seedExpand(core);
  superuser = {
    record: { id: 'su0000000000000' },
    collection: core.collections.require('_superusers'),
    isSuperuser: true,
    token: '',
    refreshable: false,
  };
});
afterAll(() => {
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

async function expandOf(
  collection: string,
  keys: string[],
  expand: string,
  auth: AuthInfo | null = null,
): Promise<Json[]> {
  const c = core.collections.require(collection);
  const records = keys.map((k) => findRecordById(core, c, id(k))!);
  const json = records.map((r) => serializeRecord(core, c, r, { auth }));
  await applyExpand(core, { collection: c, records, json, expand, auth });
  return json;
}

/** Counts statements run on the reader while `fn` runs. */
async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  const reader = core.store.reader as unknown as Record<string, unknown>;
  const originals = { all: reader.all, get: reader.get };
  let n = 0;
  for (const k of ['all', 'get'] as const) {
    const orig = originals[k] as (...a: unknown[]) => unknown;
    reader[k] = (...a: unknown[]) => {
      n++;
      return orig(...a);
    };
  }
  try {
    await fn();
  } finally {
    Object.assign(reader, originals);
  }
  return n;
}

const ids = (v: unknown) => (v as Json[]).map((r) => r.id);

describe('normalizeExpandPaths', () => {
  const cases: [string, string[]][] = [
    ['', []],
    [' , ,', []],
    ['author', ['author']],
    [' a . b , c ', ['a.b', 'c']],
    ['a.b.c,a.b,a', ['a.b.c']],
    ['a,a', ['a']],
    ['.a.,b..', ['a', 'b']],
    ['ab,a.b', ['ab', 'a.b']],
    // Past the depth limit segments are dropped, so these two are one path.
    ['a.b.c.d.e.f.g,a.b.c.d.e.f.h', ['a.b.c.d.e.f']],
    [Array(20_000).fill('a').join(','), ['a']],
    [Array(5_000).fill('a').join('.'), ['a.a.a.a.a.a']],
  ];
  for (const [raw, want] of cases) {
    test(JSON.stringify(raw).slice(0, 40), () => expect(normalizeExpandPaths(raw)).toEqual(want));
  }
});

describe('forward relations', () => {
  test('single → object, multiple → array in stored order, hidden/missing omitted', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'author,tags');
    const expand = p1!.expand as Json;
    expect(expand.author).toMatchObject({ id: id('a1'), name: 'Ann', collectionName: 'authors' });
    // t2 fails the tags viewRule; t3 comes before t1 as stored.
    expect(ids(expand.tags)).toEqual([id('t3'), id('t1')]);
    expect(Object.keys(p1!)).toEqual([...Object.keys(p1!)].sort());
  });

  test('a record without the relation gets `expand: {}`; no key for what does not resolve', async () => {
    const json = await expandOf('posts', ['p2', 'p3'], 'author,tags');
    expect((json[0]!.expand as Json).author).toMatchObject({ id: id('a2') });
    expect(json[0]!.expand).not.toHaveProperty('tags');
    expect(json[1]!.expand).toEqual({});
  });

  test('no expand requested or an invalid path: no `expand` key at all', async () => {
    for (const expand of ['', ' ', 'nope', 'title', 'author.nope', 'nope_via_post', 'x(y)']) {
      const [p1] = await expandOf('posts', ['p1'], expand);
      expect(p1).not.toHaveProperty('expand');
    }
  });

  test('an invalid path next to a valid one does not stop it', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'nope, author');
    expect(Object.keys(p1!.expand as Json)).toEqual(['author']);
  });

  test('a nested invalid segment only fails when the level above resolved records', async () => {
    const [p3] = await expandOf('posts', ['p3'], 'author.nope');
    expect(p3!.expand).toEqual({});
  });

  test('hidden fields are removed for guests, kept for superusers', async () => {
    const [guest] = await expandOf('posts', ['p1'], 'author');
    expect((guest!.expand as Json).author).not.toHaveProperty('secret');
    const [su] = await expandOf('posts', ['p1'], 'author', superuser);
    expect((su!.expand as Json).author).toMatchObject({ secret: 's1' });
  });

  test('expanded auth records follow email visibility', async () => {
    const [k1, k2] = await expandOf('comments', ['k1', 'k2'], 'member');
    const m1 = (k1!.expand as Json).member as Json;
    expect(m1).not.toHaveProperty('email');
    expect(m1).not.toHaveProperty('password');
    expect(m1).not.toHaveProperty('tokenKey');
    expect((k2!.expand as Json).member).toMatchObject({ email: 'm2@example.com' });
    const [self] = await expandOf('comments', ['k1'], 'member', authAs(core, 'members', id('m1')));
    expect((self!.expand as Json).member).toMatchObject({ email: 'm1@example.com' });
  });
});

describe('manageRule on expanded auth records', () => {
  test('managers see the email; resolved in one query for all records', async () => {
    const crew = await defineCollection(core, {
      name: 'crew',
      type: 'auth',
      viewRule: '',
      manageRule: "@request.auth.collectionName = 'members'",
    });
    const shifts = await defineCollection(core, {
      name: 'shifts',
      viewRule: '',
      fields: [{ name: 'crew', type: 'relation', collectionId: crew.id, maxSelect: 9 }],
    });
    const crewIds = ['w1', 'w2', 'w3'].map(id);
    for (const cid of crewIds) {
      await saveRecordInternal(
        core,
        crew,
        { id: cid, email: `${cid}@example.com`, password: '1234567890' },
        { isNew: true },
      );
    }
    await saveRecordInternal(core, shifts, { id: id('s1'), crew: crewIds }, { isNew: true });
    const emails = (json: Json[]) => ((json[0]!.expand as Json).crew as Json[]).map((r) => r.email);
    expect(emails(await expandOf('shifts', ['s1'], 'crew'))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const m1 = authAs(core, 'members', id('m1'));
    let json: Json[] = [];
    const q = await countQueries(async () => {
      json = await expandOf('shifts', ['s1'], 'crew', m1);
    });
    expect(emails(json)).toEqual(crewIds.map((c) => `${c}@example.com`));
    // findRecordById, the crew fetch, one manageRule query.
    expect(q).toBe(3);
  });
});

describe('viewRule of the related collection', () => {
  test('locked (null): nothing for guests or users, everything for superusers', async () => {
    const [guest] = await expandOf('posts', ['p1'], 'private');
    expect(guest).not.toHaveProperty('expand');
    const [user] = await expandOf('posts', ['p1'], 'private', authAs(core, 'members', id('m1')));
    expect(user).not.toHaveProperty('expand');
    const [su] = await expandOf('posts', ['p1'], 'private', superuser);
    expect((su!.expand as Json).private).toMatchObject({ id: id('x1'), name: 'private' });
  });

  test('the locked path does not hide the other paths', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'private,author');
    expect(Object.keys(p1!.expand as Json)).toEqual(['author']);
  });

  test('@request.auth is the requester', async () => {
    const [guest] = await expandOf('posts', ['p1'], 'owned');
    expect(guest!.expand).toEqual({});
    const [m2] = await expandOf('posts', ['p1'], 'owned', authAs(core, 'members', id('m2')));
    expect(m2!.expand).toEqual({});
    const [m1] = await expandOf('posts', ['p1'], 'owned', authAs(core, 'members', id('m1')));
    expect(ids((m1!.expand as Json).owned)).toEqual([id('o1')]);
  });

  test("@request.context is 'expand'", async () => {
    const [p1] = await expandOf('posts', ['p1'], 'ctx');
    expect((p1!.expand as Json).ctx).toMatchObject({ id: id('c1') });
  });
});

describe('back relations', () => {
  test('<collection>_via_<field>: array in insertion order, keyed by the segment', async () => {
    const [p1, p2, p3] = await expandOf('posts', ['p1', 'p2', 'p3'], 'comments_via_post');
    expect(ids((p1!.expand as Json).comments_via_post)).toEqual([id('k1'), id('k2')]);
    expect(ids((p2!.expand as Json).comments_via_post)).toEqual([id('k3')]);
    expect(p3!.expand).toEqual({});
  });

  test('a single-column unique back field gives an object', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'profiles_via_post');
    expect((p1!.expand as Json).profiles_via_post).toMatchObject({ id: id('f1') });
  });

  test('a multiple back field matches any of its ids', async () => {
    const [p1, p2] = await expandOf('posts', ['p1', 'p2'], 'likes_via_posts');
    expect(ids((p1!.expand as Json).likes_via_posts)).toEqual([id('l1'), id('l2')]);
    expect(ids((p2!.expand as Json).likes_via_posts)).toEqual([id('l1')]);
  });

  test('legacy comments(post) form', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'comments(post)');
    expect(ids((p1!.expand as Json)['comments(post)'])).toEqual([id('k1'), id('k2')]);
  });

  test('a field that does not point back at this collection is invalid', async () => {
    const [p1] = await expandOf('posts', ['p1'], 'comments_via_member');
    expect(p1).not.toHaveProperty('expand');
  });

  test('at most 1000 back-related records per parent', async () => {
    const c = await defineCollection(core, {
      name: 'bulk',
      viewRule: '',
      fields: [
        {
          name: 'post',
          type: 'relation',
          collectionId: core.collections.require('posts').id,
          maxSelect: 1,
        },
      ],
    });
    await core.store.writes.run(async () => {
      for (let i = 0; i < 1005; i++) {
        await saveRecordInternal(core, c, { post: id('p3') }, { isNew: true, validate: false });
      }
    });
    const [p3] = await expandOf('posts', ['p3'], 'bulk_via_post');
    expect((p3!.expand as Json).bulk_via_post as Json[]).toHaveLength(1000);
  });
});

describe('nesting', () => {
  test('nested paths, and two paths through one relation merge', async () => {
    const [p1] = await expandOf(
      'posts',
      ['p1'],
      'comments_via_post.member, comments_via_post.post',
    );
    const comments = (p1!.expand as Json).comments_via_post as Json[];
    expect(comments.map((c) => (c.expand as Json).member)).toMatchObject([
      { id: id('m1') },
      { id: id('m2') },
    ]);
    expect(comments.map((c) => ((c.expand as Json).post as Json).id)).toEqual([id('p1'), id('p1')]);
  });

  test('a later path that finds nothing below keeps what an earlier one expanded there', async () => {
    // The second path finds no `next` of ch9; the first path's chain_via_next stays on it, and
    // records that found nothing elsewhere still show an empty `expand` (nothing leaks across).
    const last = `ch${CHAIN_LENGTH}`;
    const prev = `ch${CHAIN_LENGTH - 1}`;
    const [p] = await expandOf('chain', [prev], 'next.chain_via_next,next.next');
    const next = (p!.expand as Json).next as Json;
    expect(next.id).toBe(id(last));
    expect(Object.keys(next.expand as Json)).toEqual(['chain_via_next']);
    expect(ids((next.expand as Json).chain_via_next)).toEqual([id(prev)]);
    const [p3] = await expandOf('posts', ['p3'], 'author');
    expect(p3!.expand).toEqual({});
  });

  test('the prefix path is covered by the longer one', async () => {
    const [p1] = await expandOf(
      'posts',
      ['p1'],
      'author,comments_via_post,comments_via_post.member',
    );
    const comments = (p1!.expand as Json).comments_via_post as Json[];
    expect(comments[0]!.expand).toHaveProperty('member');
    expect((p1!.expand as Json).author).not.toHaveProperty('expand');
  });

  test('six levels deep at most; the rest of the path is ignored', async () => {
    const [ch1] = await expandOf(
      'chain',
      ['ch1'],
      Array(CHAIN_LENGTH - 1)
        .fill('next')
        .join('.'),
    );
    let depth = 0;
    let node = ch1 as Json;
    while ((node.expand as Json | undefined)?.next) {
      node = (node.expand as Json).next as Json;
      depth++;
    }
    expect(depth).toBe(6);
    expect(node.name).toBe('n7');
    expect(node).not.toHaveProperty('expand');
  });
});

describe('batching', () => {
  test('the query count does not grow with the number of records', async () => {
    const c = await defineCollection(core, {
      name: 'many',
      viewRule: '',
      fields: [
        { name: 'author', type: 'relation', collectionId: core.collections.require('authors').id },
        {
          name: 'tags',
          type: 'relation',
          collectionId: core.collections.require('tags').id,
          maxSelect: 5,
        },
      ],
    });
    await core.store.writes.run(async () => {
      for (let i = 0; i < 50; i++) {
        await saveRecordInternal(
          core,
          c,
          {
            id: id(`n${String(i).padStart(2, '0')}x`),
            author: id(i % 2 ? 'a1' : 'a2'),
            tags: [id('t1'), id('t3')],
          },
          { isNew: true },
        );
      }
    });
    const expand = 'author,tags';
    const keys = Array.from({ length: 50 }, (_, i) => `n${String(i).padStart(2, '0')}x`);
    const records = keys.map((k) => findRecordById(core, c, id(k))!);
    const run = (n: number) => async () => {
      const json = records.slice(0, n).map((r) => serializeRecord(core, c, r, { auth: null }));
      await applyExpand(core, {
        collection: c,
        records: records.slice(0, n),
        json,
        expand,
        auth: null,
      });
      expect((json[n - 1]!.expand as Json).author).toBeDefined();
    };
    const few = await countQueries(run(2));
    const many = await countQueries(run(50));
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(2);
  });

  test('nested and back-relation paths: a fixed number of queries per level', async () => {
    const q = await countQueries(() =>
      expandOf('posts', ['p1', 'p2', 'p3'], 'author,comments_via_post.member,likes_via_posts'),
    );
    // author 1; comments ids + fetch 2; members 1; likes ids + fetch 2; plus 3 findRecordById.
    expect(q).toBe(3 + 6);
  });
});
