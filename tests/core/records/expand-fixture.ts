// Collections and records for the expand tests: forward, back and self relations, every kind of viewRule.
import type { Core } from '../../../src/core/core.ts';
import { crc32 } from '../../../src/core/ids.ts';
import { saveRecordInternal } from '../../../src/core/records/save.ts';
import { defineCollection } from './helpers.ts';

/** `id('p1')` → `p10000000000000`: readable 15-character record ids. */
export const id = (prefix: string) => prefix.padEnd(15, '0');

const CHAIN_ID = `pbc_${crc32('basechain')}`;

export const CHAIN_LENGTH = 9;

async function add(core: Core, collection: string, data: Record<string, unknown>) {
  await saveRecordInternal(core, collection, data, { isNew: true });
}

/**
 * posts p1 (author a1, tags t1,t2(hidden),t3,missing, private x1, member m1, owned o1, ctx c1),
 * p2 (author a2, no tags), p3 (nothing). comments k1,k2 on p1 (k2 by m2), k3 on p2; profile f1 of
 * p1 (unique back field); likes l1 → [p1,p2], l2 → [p1]; chain ch1 → ch2 → … → ch9.
 */
export async function seedExpand(core: Core): Promise<void> {
  await defineCollection(core, {
    name: 'members',
    type: 'auth',
    viewRule: '',
    fields: [{ name: 'name', type: 'text' }],
  });
  await defineCollection(core, {
    name: 'authors',
    viewRule: '',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'secret', type: 'text', hidden: true },
    ],
  });
  await defineCollection(core, {
    name: 'privates',
    viewRule: null,
    fields: [{ name: 'name', type: 'text' }],
  });
  await defineCollection(core, {
    name: 'tags',
    viewRule: "name != 'hidden'",
    fields: [{ name: 'name', type: 'text' }],
  });
  const members = core.collections.require('members');
  await defineCollection(core, {
    name: 'owned',
    viewRule: 'owner = @request.auth.id',
    fields: [{ name: 'owner', type: 'relation', collectionId: members.id, maxSelect: 1 }],
  });
  await defineCollection(core, {
    name: 'ctxonly',
    viewRule: "@request.context = 'expand'",
    fields: [{ name: 'name', type: 'text' }],
  });
  const rel = (name: string, to: string, maxSelect = 1) => ({
    name,
    type: 'relation',
    collectionId: core.collections.require(to).id,
    maxSelect,
  });
  await defineCollection(core, {
    name: 'posts',
    viewRule: '',
    listRule: '',
    fields: [
      { name: 'title', type: 'text' },
      rel('author', 'authors'),
      rel('tags', 'tags', 10),
      rel('private', 'privates'),
      rel('member', 'members'),
      rel('owned', 'owned', 5),
      rel('ctx', 'ctxonly'),
    ],
  });
  await defineCollection(core, {
    name: 'comments',
    viewRule: '',
    fields: [{ name: 'body', type: 'text' }, rel('post', 'posts'), rel('member', 'members')],
  });
  await defineCollection(core, {
    name: 'profiles',
    viewRule: '',
    fields: [rel('post', 'posts')],
    indexes: ['CREATE UNIQUE INDEX `idx_profiles_post` ON `profiles` (`post`)'],
  });
  await defineCollection(core, {
    name: 'likes',
    viewRule: '',
    fields: [rel('posts', 'posts', 5)],
  });
  await defineCollection(core, {
    name: 'chain',
    viewRule: '',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'next', type: 'relation', collectionId: CHAIN_ID, maxSelect: 1 },
    ],
  });

  for (const [key, emailVisibility] of [
    ['m1', false],
    ['m2', true],
  ] as const) {
    await add(core, 'members', {
      id: id(key),
      email: `${key}@example.com`,
      emailVisibility,
      name: key,
      password: '1234567890',
    });
  }
  await add(core, 'authors', { id: id('a1'), name: 'Ann', secret: 's1' });
  await add(core, 'authors', { id: id('a2'), name: 'Bob', secret: 's2' });
  await add(core, 'privates', { id: id('x1'), name: 'private' });
  for (const [key, name] of [
    ['t1', 'one'],
    ['t2', 'hidden'],
    ['t3', 'three'],
  ]) {
    await add(core, 'tags', { id: id(key!), name });
  }
  await add(core, 'owned', { id: id('o1'), owner: id('m1') });
  await add(core, 'ctxonly', { id: id('c1'), name: 'ctx' });
  await add(core, 'posts', {
    id: id('p1'),
    title: 'first',
    author: id('a1'),
    tags: [id('t3'), id('t2'), id('t1')],
    private: id('x1'),
    member: id('m1'),
    owned: [id('o1')],
    ctx: id('c1'),
  });
  await add(core, 'posts', { id: id('p2'), title: 'second', author: id('a2') });
  await add(core, 'posts', { id: id('p3'), title: 'third' });
  await add(core, 'comments', { id: id('k1'), body: 'c1', post: id('p1'), member: id('m1') });
  await add(core, 'comments', { id: id('k2'), body: 'c2', post: id('p1'), member: id('m2') });
  await add(core, 'comments', { id: id('k3'), body: 'c3', post: id('p2'), member: id('m1') });
  await add(core, 'profiles', { id: id('f1'), post: id('p1') });
  await add(core, 'likes', { id: id('l1'), posts: [id('p1'), id('p2')] });
  await add(core, 'likes', { id: id('l2'), posts: [id('p1')] });
  // Inserted tail first so each `next` already exists when validated.
  for (let i = CHAIN_LENGTH; i >= 1; i--) {
    const next = i < CHAIN_LENGTH ? id(`ch${i + 1}`) : '';
    await add(core, 'chain', { id: id(`ch${i}`), name: `n${i}`, next });
  }
}
