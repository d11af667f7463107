// onRecordEnrich on every serialization: list, view, expand, create answers, auth responses, realtime.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { installEventSource } from '../realtime/helpers.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { within } from '../support/wait.ts';

installEventSource();

let server: TestServer;
let su: PocketBase;
let authorId: string;
let bookId: string;
const unbinds: (() => void)[] = [];

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  const open = { listRule: '', viewRule: '', createRule: '' };
  const authors = await su.collections.create({
    name: 'authors',
    type: 'base',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'secret', type: 'text', hidden: true },
    ],
    ...open,
  });
  await su.collections.create({
    name: 'books',
    type: 'base',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'author', type: 'relation', collectionId: authors.id, maxSelect: 1 },
    ],
    ...open,
  });
  authorId = (await su.collection('authors').create({ name: 'Ann', secret: 's3' })).id;
  bookId = (await su.collection('books').create({ title: 'Book', author: authorId })).id;
});

afterAll(() => server.stop());

afterEach(() => {
  for (const u of unbinds.splice(0)) u();
});

/** Authors lose `name`, gain `initial` (custom data), show `secret`; books get a louder title. */
function bindEnrich(): void {
  const hook = server.app.core.hooks.onRecordEnrich;
  const a = hook.bind(
    async (e) => {
      e.record.initial = String(e.record.name).slice(0, 1);
      e.withCustomData(true);
      e.hide('name');
      e.unhide('secret');
      await e.next();
    },
    { collections: ['authors'] },
  );
  const b = hook.bind(
    async (e) => {
      e.record.title = `${e.record.title}!`;
      await e.next();
    },
    { collections: ['books'] },
  );
  unbinds.push(
    () => hook.unbind(a),
    () => hook.unbind(b),
  );
}

describe('onRecordEnrich', () => {
  test('nothing bound: records as stored', async () => {
    const a = await server.client().collection('authors').getOne(authorId);
    expect(a.name).toBe('Ann');
    expect(a).not.toHaveProperty('secret');
  });

  test('view: hide, unhide, custom data; keys stay sorted', async () => {
    bindEnrich();
    const res = await server.fetch(`/api/collections/authors/records/${authorId}`);
    const json = await res.json();
    expect(json).toMatchObject({ id: authorId, initial: 'A', secret: 's3' });
    expect(json).not.toHaveProperty('name');
    expect(Object.keys(json)).toEqual([...Object.keys(json)].sort());
  });

  test('list', async () => {
    bindEnrich();
    const list = await server.client().collection('books').getFullList();
    expect(list.map((b) => b.title)).toEqual(['Book!']);
  });

  test('expand: the expanded record is enriched too', async () => {
    bindEnrich();
    const book = await server.client().collection('books').getOne(bookId, { expand: 'author' });
    expect(book.title).toBe('Book!');
    expect(book.expand?.author).toMatchObject({ id: authorId, initial: 'A', secret: 's3' });
    expect(book.expand?.author).not.toHaveProperty('name');
  });

  test('create answer, while the stored record is unchanged', async () => {
    bindEnrich();
    const book = await server.client().collection('books').create({ title: 'New' });
    expect(book.title).toBe('New!');
    for (const u of unbinds.splice(0)) u();
    expect((await server.client().collection('books').getOne(book.id)).title).toBe('New');
  });

  test('superusers still get hidden fields; hidden custom keys stay hidden', async () => {
    const hook = server.app.core.hooks.onRecordEnrich;
    const id = hook.bind(
      async (e) => {
        e.record.extra = 1;
        e.withCustomData(true);
        e.hide('name', 'extra');
        await e.next();
      },
      { collections: ['authors'] },
    );
    unbinds.push(() => hook.unbind(id));
    const a = await su.collection('authors').getOne(authorId);
    expect(a.name).toBe('Ann');
    expect(a).not.toHaveProperty('extra');
    const guest = await server.client().collection('authors').getOne(authorId);
    expect(guest).not.toHaveProperty('name');
  });

  test('realtime messages', async () => {
    bindEnrich();
    const pb = server.client();
    let resolve: (r: Record<string, unknown>) => void = () => {};
    const got = new Promise<Record<string, unknown>>((r) => {
      resolve = r;
    });
    // subscribe() resolves once the server has the subscription.
    await within(
      'the subscription',
      pb.collection('books').subscribe('*', (e) => resolve(e.record)),
    );
    await su.collection('books').create({ title: 'Live' });
    const record = await within('the realtime message', got);
    expect(record.title).toBe('Live!');
    await pb.realtime.unsubscribe();
  });
});
