// ?expand= over HTTP with the SDK (http-api.md §1.8): view, list, create/update, batch, and ?fields= into expand.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { CHAIN_LENGTH, id, seedExpand } from '../core/records/expand-fixture.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let su: PocketBase;
let guest: PocketBase;

type Json = Record<string, unknown>;

beforeAll(async () => {
  server = await startServer();
  await seedExpand(server.app.core);
  su = await server.superuserClient();
  guest = server.client();
});

afterAll(async () => {
  await server.stop();
});

const expandOf = (r: unknown) => (r as { expand?: Json }).expand;

describe('view', () => {
  test('forward single and multiple; rules of related collections apply', async () => {
    const p1 = await guest
      .collection('posts')
      .getOne(id('p1'), { expand: 'author, tags ,private' });
    const e = expandOf(p1)!;
    expect(e.author).toMatchObject({ id: id('a1'), name: 'Ann', collectionName: 'authors' });
    expect((e.tags as Json[]).map((t) => t.id)).toEqual([id('t3'), id('t1')]);
    expect(e).not.toHaveProperty('private');
  });

  test('a private relation is expanded for a superuser only', async () => {
    const asGuest = await guest.collection('posts').getOne(id('p1'), { expand: 'private' });
    expect(asGuest).not.toHaveProperty('expand');
    const asSu = await su.collection('posts').getOne(id('p1'), { expand: 'private' });
    expect(expandOf(asSu)!.private).toMatchObject({ id: id('x1') });
  });

  test('hidden fields are absent from expanded records for guests', async () => {
    const p1 = await guest.collection('posts').getOne(id('p1'), { expand: 'author' });
    expect(expandOf(p1)!.author).not.toHaveProperty('secret');
    const bySu = await su.collection('posts').getOne(id('p1'), { expand: 'author' });
    expect(expandOf(bySu)!.author).toMatchObject({ secret: 's1' });
  });

  test('back relations and nesting', async () => {
    const p1 = await guest
      .collection('posts')
      .getOne(id('p1'), { expand: 'comments_via_post.member,profiles_via_post' });
    const e = expandOf(p1)!;
    const comments = e.comments_via_post as Json[];
    expect(comments.map((c) => c.id)).toEqual([id('k1'), id('k2')]);
    expect(comments.map((c) => (expandOf(c)!.member as Json).id)).toEqual([id('m1'), id('m2')]);
    expect(e.profiles_via_post).toMatchObject({ id: id('f1') });
  });

  test('six levels at most', async () => {
    const path = Array(CHAIN_LENGTH - 1)
      .fill('next')
      .join('.');
    let node = (await guest.collection('chain').getOne(id('ch1'), { expand: path })) as Json;
    let depth = 0;
    while (expandOf(node)?.next) {
      node = expandOf(node)!.next as Json;
      depth++;
    }
    expect(depth).toBe(6);
  });

  test('invalid paths are ignored: no expand key, status 200', async () => {
    const p1 = await guest.collection('posts').getOne(id('p1'), { expand: 'nope,title,x_via_y' });
    expect(p1).not.toHaveProperty('expand');
    expect(p1.id).toBe(id('p1'));
  });
});

describe('list', () => {
  test('every item carries expand, {} when nothing resolved', async () => {
    const list = await guest.collection('posts').getList(1, 10, { expand: 'author' });
    const byId = Object.fromEntries(list.items.map((r) => [r.id, expandOf(r)]));
    expect(byId[id('p1')]).toMatchObject({ author: { id: id('a1') } });
    expect(byId[id('p2')]).toMatchObject({ author: { id: id('a2') } });
    expect(byId[id('p3')]).toEqual({});
  });

  test('no expand requested: no key', async () => {
    const list = await guest.collection('posts').getList(1, 10);
    for (const r of list.items) expect(r).not.toHaveProperty('expand');
  });
});

describe('?fields= into expand', () => {
  test('*,expand.author.name', async () => {
    const p1 = await guest
      .collection('posts')
      .getOne(id('p1'), { expand: 'author,tags', fields: '*,expand.author.name' });
    expect(p1.title).toBe('first');
    expect(expandOf(p1)).toEqual({ author: { name: 'Ann' } });
  });

  test('arrays of expanded records are traversed', async () => {
    const list = await guest
      .collection('posts')
      .getList(1, 10, { expand: 'tags', fields: 'id,expand.tags.name', filter: '' });
    const p1 = list.items.find((r) => r.id === id('p1'))!;
    expect(p1 as Json).toEqual({
      id: id('p1'),
      expand: { tags: [{ name: 'three' }, { name: 'one' }] },
    });
  });
});

describe('write responses', () => {
  test('create and update return the expanded record', async () => {
    const created = await su
      .collection('comments')
      .create({ body: 'new', post: id('p2'), member: id('m2') }, { expand: 'post.author' });
    const post = expandOf(created)!.post as Json;
    expect(post).toMatchObject({ id: id('p2') });
    expect(expandOf(post)!.author).toMatchObject({ id: id('a2') });
    const updated = await su
      .collection('comments')
      .update(created.id, { member: id('m1') }, { expand: 'member' });
    expect(expandOf(updated)!.member).toMatchObject({ id: id('m1') });
  });

  test('a batch sub-request with ?expand=', async () => {
    await su.settings.update({ batch: { enabled: true } });
    const batch = su.createBatch();
    batch.collection('comments').create({ body: 'b', post: id('p1') }, { expand: 'post' });
    const [result] = await batch.send();
    expect(expandOf(result!.body)!.post).toMatchObject({ id: id('p1') });
  });
});
