// Realtime over SSE with the official SDK: topic forms, events, rules per subscriber, options, auth binding.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { createRecord } from '../../src/core/records/create.ts';
import { buildWorld, Inbox, installEventSource, type World } from '../realtime/helpers.ts';
import { scenarios } from '../support/scenario.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

installEventSource();

let server: TestServer;
let w: World;
const open: PocketBase[] = [];

function track(pb: PocketBase): PocketBase {
  open.push(pb);
  return pb;
}

beforeAll(async () => {
  server = await startServer();
  w = await buildWorld(server);
});

afterAll(async () => {
  for (const pb of open) pb.realtime.unsubscribe().catch(() => {});
  await server.stop();
});

/** Reads the raw stream until `count` messages arrived. */
async function readMessages(res: Response, count: number): Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length <= count) {
    const { value, done } = await within(`SSE message ${count}`, reader.read());
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text.split('\n\n').slice(0, count);
}

describe('connect', () => {
  test('GET /api/realtime: headers and PB_CONNECT with the client id on the id: line', async () => {
    const res = await server.fetch('/api/realtime');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const [first] = await readMessages(res, 1);
    const m = /^id:([A-Za-z0-9]{40})\nevent:PB_CONNECT\ndata:(.*)$/.exec(first!);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![2]!)).toEqual({ clientId: m![1] });
  });

  test('a disconnected client is unregistered', async () => {
    const broker = server.app.realtime.broker;
    const res = await server.fetch('/api/realtime');
    const [first] = await readMessages(res, 1);
    const id = /^id:(\w+)/.exec(first!)![1]!;
    // readMessages cancelled the stream; the broker forgets the client once the socket closes.
    await waitFor('the broker to forget the closed client', () => !broker.find(id));
    expect(broker.find(id)).toBeUndefined();
  });
});

/** A raw SSE connection kept open: its client id, and a way to close it. */
async function connectRaw(): Promise<{ clientId: string; close(): Promise<void> }> {
  const res = await server.fetch('/api/realtime');
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await within('PB_CONNECT', reader.read());
    if (done) throw new Error(`the stream ended before PB_CONNECT: ${text}`);
    text += new TextDecoder().decode(value);
  }
  return { clientId: /^id:(\w+)/.exec(text)![1]!, close: () => reader.cancel() };
}

describe('POST /api/realtime', () => {
  let clientId = '';
  let close = async () => {};
  beforeAll(async () => {
    ({ clientId, close } = await connectRaw());
  });
  afterAll(() => close());
  const post = (body: unknown) => ({ method: 'POST', url: '/api/realtime', body });

  scenarios(
    () => server,
    [
      {
        name: 'missing clientId → 400 with a field error',
        ...post({ subscriptions: [] }),
        status: 400,
        contains: ['"clientId":{"code":"validation_required"'],
      },
      {
        name: 'too long clientId → 400',
        ...post({ clientId: 'x'.repeat(256) }),
        status: 400,
        contains: ['validation_length_out_of_range'],
      },
      {
        name: 'more than 1000 subscriptions → 400',
        ...post({ clientId: 'abc', subscriptions: Array.from({ length: 1001 }, () => 'posts') }),
        status: 400,
        contains: ['"subscriptions":{"code":"validation_length_too_long"'],
      },
      {
        name: 'a topic over 2500 chars → 400 for that item',
        ...post({ clientId: 'abc', subscriptions: ['posts', 'x'.repeat(2501)] }),
        status: 400,
        contains: ['"subscriptions":{"1":{"code":"validation_length_too_long"'],
      },
      {
        name: 'unknown client → 404',
        ...post({ clientId: 'nope', subscriptions: ['posts/*'] }),
        status: 404,
        contains: ['Missing or invalid client id.'],
      },
      {
        name: 'malformed JSON → 400, not 500',
        method: 'POST',
        url: '/api/realtime',
        headers: { 'content-type': 'application/json' },
        body: '{"clientId":',
        status: 400,
      },
    ],
  );

  test('known client, guest → 204 and a collection it cannot list is accepted', async () => {
    const res = await server.fetch('/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, subscriptions: ['locked/*', 'posts/*', ''] }),
    });
    expect(res.status).toBe(204);
    expect([...server.app.realtime.broker.find(clientId)!.topics.keys()]).toEqual([
      'locked/*',
      'posts/*',
    ]);
  });

  test('auth binding: guest → user ok, same user ok, other user or guest again 403', async () => {
    const send = (token: string | null) =>
      server.fetch('/api/realtime', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
        body: JSON.stringify({ clientId, subscriptions: ['posts/*'] }),
      });
    expect((await send(w.alice.authStore.token)).status).toBe(204);
    expect((await send(w.alice.authStore.token)).status).toBe(204);
    const other = await send(w.bob.authStore.token);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({
      status: 403,
      message: "The current and the previous request authorization don't match.",
    });
    expect((await send(null)).status).toBe(403);
    expect(server.app.realtime.broker.find(clientId)!.auth?.record.id).toBe(w.aliceId);
  });
});

describe('events through the SDK', () => {
  test('posts/*: create, update, delete of any record; unsubscribe stops them', async () => {
    const pb = track(server.client());
    const inbox = new Inbox();
    const unsub = await pb.collection('posts').subscribe('*', inbox.push);
    const r = await w.su.collection('posts').create({ title: 'one' });
    expect((await inbox.of(r.id, 'create')).record).toMatchObject({
      id: r.id,
      title: 'one',
      collectionName: 'posts',
    });
    await w.su.collection('posts').update(r.id, { title: 'two' });
    expect((await inbox.of(r.id, 'update')).record.title).toBe('two');
    await w.su.collection('posts').delete(r.id);
    expect((await inbox.of(r.id, 'delete')).record.title).toBe('two');
    expect(inbox.ids()).toEqual([`create:${r.id}`, `update:${r.id}`, `delete:${r.id}`]);
    await unsub();
  });

  test('posts/<id> gets only that record; the collection id works like its name', async () => {
    const pb = track(server.client());
    const mine = await w.su.collection('posts').create({ title: 'watched' });
    const posts = await w.su.collections.getOne('posts');
    const one = new Inbox();
    const byId = new Inbox();
    await pb.collection('posts').subscribe(mine.id, one.push);
    await pb.collection(posts.id).subscribe('*', byId.push);
    const other = await w.su.collection('posts').create({ title: 'other' });
    await w.su.collection('posts').update(mine.id, { title: 'seen' });
    await one.of(mine.id, 'update');
    await byId.of(mine.id, 'update');
    expect(one.ids()).toEqual([`update:${mine.id}`]);
    expect(byId.ids()).toEqual([`create:${other.id}`, `update:${mine.id}`]);
    await pb.realtime.unsubscribe();
  });

  test('legacy topic `posts` (no /*) behaves like posts/*', async () => {
    const pb = track(server.client());
    const inbox = new Inbox();
    await pb.realtime.subscribe('posts', inbox.push);
    const r = await w.su.collection('posts').create({ title: 'legacy' });
    expect((await inbox.of(r.id)).record.title).toBe('legacy');
    expect(inbox.ids()).toEqual([`create:${r.id}`]);
    await pb.realtime.unsubscribe();
  });

  test('one message per matching subscription, each under its own event name', async () => {
    const pb = track(server.client());
    const all = new Inbox();
    const filtered = new Inbox();
    await pb.collection('posts').subscribe('*', all.push);
    await pb.collection('posts').subscribe('*', filtered.push, { filter: "title = 'match'" });
    const miss = await w.su.collection('posts').create({ title: 'miss' });
    const hit = await w.su.collection('posts').create({ title: 'match' });
    await filtered.of(hit.id);
    await all.of(hit.id);
    expect(filtered.ids()).toEqual([`create:${hit.id}`]);
    expect(all.ids()).toEqual([`create:${miss.id}`, `create:${hit.id}`]);
    await pb.realtime.unsubscribe();
  });

  test('hidden fields only for superusers; expand and fields options honoured', async () => {
    const guest = track(server.client());
    const su = track(await server.superuserClient());
    const g = new Inbox();
    const s = new Inbox();
    const picked = new Inbox();
    await guest.collection('posts').subscribe('*', g.push);
    await su.collection('posts').subscribe('*', s.push);
    await guest
      .collection('posts')
      .subscribe('*', picked.push, { expand: 'owner', fields: 'id,title,expand.owner.name' });
    const r = await w.su
      .collection('posts')
      .create({ title: 'x', secret: 'shh', owner: w.aliceId });
    expect((await g.of(r.id)).record).not.toHaveProperty('secret');
    expect((await g.of(r.id)).record).not.toHaveProperty('expand');
    expect((await s.of(r.id)).record.secret).toBe('shh');
    expect((await picked.of(r.id)).record).toEqual({
      id: r.id,
      title: 'x',
      expand: { owner: { name: 'Alice' } },
    } as never);
    await guest.realtime.unsubscribe();
    await su.realtime.unsubscribe();
  });

  test('rules per subscriber: owner-only notes reach their owner only, delete included', async () => {
    const a = new Inbox();
    const b = new Inbox();
    const guest = track(server.client());
    const g = new Inbox();
    await track(w.alice).collection('notes').subscribe('*', a.push);
    await track(w.bob).collection('notes').subscribe('*', b.push);
    await w.bob.collection('posts').subscribe('*', b.push);
    await guest.collection('notes').subscribe('*', g.push);
    await guest.collection('posts').subscribe('*', g.push);
    const na = await w.alice.collection('notes').create({ text: 'a', owner: w.aliceId });
    const nb = await w.bob.collection('notes').create({ text: 'b', owner: w.bobId });
    await w.alice.collection('notes').delete(na.id);
    const barrier = await w.su.collection('posts').create({ title: 'barrier' });
    await a.of(na.id, 'delete');
    await b.of(barrier.id);
    await g.of(barrier.id);
    expect(a.ids()).toEqual([`create:${na.id}`, `delete:${na.id}`]);
    expect(b.ids()).toEqual([`create:${nb.id}`, `create:${barrier.id}`]);
    expect(g.ids()).toEqual([`create:${barrier.id}`]);
    // The record view topic uses the viewRule the same way.
    const one = new Inbox();
    await w.alice.collection('notes').subscribe(nb.id, one.push);
    await w.bob.collection('notes').update(nb.id, { text: 'b2' });
    const mine = await w.alice.collection('notes').create({ text: 'a2', owner: w.aliceId });
    await a.of(mine.id);
    await b.of(nb.id, 'update');
    expect(one.items).toEqual([]);
    await w.alice.realtime.unsubscribe();
    await w.bob.realtime.unsubscribe();
    await guest.realtime.unsubscribe();
  });

  test('null-rule collection: accepted subscription, never an event (superusers do get it)', async () => {
    const guest = track(server.client());
    const g = new Inbox();
    const su = new Inbox();
    await guest.collection('locked').subscribe('*', g.push);
    await guest.collection('posts').subscribe('*', g.push);
    await track(w.su).collection('locked').subscribe('*', su.push);
    const secret = await w.su.collection('locked').create({ text: 'hidden' });
    const barrier = await w.su.collection('posts').create({ title: 'after locked' });
    await g.of(barrier.id);
    await su.of(secret.id);
    expect(g.ids()).toEqual([`create:${barrier.id}`]);
    await guest.realtime.unsubscribe();
    await w.su.realtime.unsubscribe();
  });

  test('a filter reaching into @request is ignored for non-superusers (never fires)', async () => {
    const guest = track(server.client());
    const sneaky = new Inbox();
    const plain = new Inbox();
    await guest
      .collection('posts')
      .subscribe('*', sneaky.push, { filter: "@request.context = 'realtime'" });
    await guest.collection('posts').subscribe('*', plain.push);
    // In the options' sort as well (filter-and-rules.md §4.5), where it would order nothing.
    await guest
      .collection('posts')
      .subscribe('*', sneaky.push, { filter: 'title != ""', sort: '@request.auth.id' });
    const r = await w.su.collection('posts').create({ title: 'filtered' });
    await plain.of(r.id);
    expect(sneaky.items).toEqual([]);
    await guest.realtime.unsubscribe();
  });

  test('a filter that does not compile is accepted at subscribe and never fires', async () => {
    // Checks are compiled when a subscription string is first seen; a failure there is the event's.
    const guest = track(server.client());
    const broken = new Inbox();
    const plain = new Inbox();
    await guest.collection('posts').subscribe('*', broken.push, { filter: 'nope ~~ (' });
    await guest.collection('posts').subscribe('*', plain.push);
    const r = await w.su.collection('posts').create({ title: 'compiled' });
    await plain.of(r.id);
    expect(broken.items).toEqual([]);
    await guest.realtime.unsubscribe();
  });

  test("each event is judged on the record it carries, not on the table's later state", async () => {
    await w.su.collections.create({
      name: 'drafts',
      listRule: 'public = true',
      viewRule: 'public = true',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'public', type: 'bool' },
      ],
    });
    await w.su.settings.update({ batch: { enabled: true, maxRequests: 10 } });
    const draft = await w.su.collection('drafts').create({ title: 'draft', public: false });
    const guest = track(server.client());
    const all = new Inbox();
    const one = new Inbox();
    await guest.collection('drafts').subscribe('*', all.push);
    await guest.collection('drafts').subscribe(draft.id, one.push);
    // One transaction: a private intermediate state, then the published one.
    const batch = w.su.createBatch();
    batch.collection('drafts').update(draft.id, { title: 'PRIVATE DRAFT TEXT' });
    batch.collection('drafts').update(draft.id, { title: 'published', public: true });
    await batch.send();
    for (const inbox of [all, one]) {
      await inbox.next((e) => e.record.title === 'published');
      expect(inbox.items.map((e) => e.record.title)).toEqual(['published']);
    }
    await guest.realtime.unsubscribe();
  });

  test('truncate announces each record it deletes', async () => {
    await w.su.collections.create({
      name: 'scratch',
      listRule: '',
      fields: [{ name: 'n', type: 'number' }],
    });
    const made = [
      await w.su.collection('scratch').create({ n: 1 }),
      await w.su.collection('scratch').create({ n: 2 }),
    ];
    const guest = track(server.client());
    const inbox = new Inbox();
    await guest.collection('scratch').subscribe('*', inbox.push);
    await w.su.collections.truncate('scratch');
    for (const r of made) await inbox.of(r.id, 'delete');
    expect(inbox.ids().sort()).toEqual(made.map((r) => `delete:${r.id}`).sort());
    await guest.realtime.unsubscribe();
  });

  test("an auth record's system rows (OAuth2 links) announce their delete with it", async () => {
    const user = await w.su.collection('users').create({
      email: 'linked@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
    const link = await w.su.collection('_externalAuths').create({
      collectionRef: user.collectionId,
      recordRef: user.id,
      provider: 'gitlab',
      providerId: 'linked-1',
    });
    const inbox = new Inbox();
    await w.su.collection('_externalAuths').subscribe('*', inbox.push);
    await w.su.collection('users').delete(user.id);
    const deleted = await inbox.of(link.id, 'delete');
    expect(deleted.record).toMatchObject({ recordRef: user.id, provider: 'gitlab' });
    expect(inbox.ids()).toEqual([`delete:${link.id}`]);
    await w.su.collection('_externalAuths').unsubscribe('*');
  });

  test('a rolled-back write emits nothing (hook throwing after persisting, failed transaction)', async () => {
    const core = server.app.core;
    const guest = track(server.client());
    const inbox = new Inbox();
    await guest.collection('posts').subscribe('*', inbox.push);
    const id = core.hooks.onRecordCreate.bind(
      async (e) => {
        await e.next();
        if (e.record.title === 'boom') throw new Error('fails after the insert');
      },
      { collections: ['posts'] },
    );
    await expect(w.su.collection('posts').create({ title: 'boom' })).rejects.toThrow();
    core.hooks.onRecordCreate.unbind(id);
    const kept = await w.su.collection('posts').create({ title: 'kept' });
    const gone = await w.su.collection('posts').create({ title: 'doomed delete' });
    await expect(
      core.store.writes.run(async () => {
        await createRecord(core, { collection: 'posts', body: { title: 'in tx' }, auth: null });
        await w.su.collection('posts').getOne(gone.id);
        const { deleteRecordInternal } = await import('../../src/core/records/save.ts');
        await deleteRecordInternal(core, 'posts', { id: gone.id, title: 'doomed delete' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    // A batch whose second request fails rolls back the first: its create never announced.
    await w.su.settings.update({ batch: { enabled: true, maxRequests: 10 } });
    const batch = w.su.createBatch();
    batch.collection('posts').create({ title: 'batched, rolled back' });
    batch.collection('locked_missing').create({ text: 'no such collection' });
    await expect(batch.send()).rejects.toThrow();
    const good = w.su.createBatch();
    good.collection('posts').create({ title: 'batched, committed' });
    const [committed] = (await good.send()) as { body: { id: string } }[];
    const barrier = await w.su.collection('posts').create({ title: 'barrier' });
    await inbox.of(barrier.id);
    expect(inbox.ids()).toEqual([
      `create:${kept.id}`,
      `create:${gone.id}`,
      `create:${committed!.body.id}`,
      `create:${barrier.id}`,
    ]);
    await guest.realtime.unsubscribe();
  });
});
