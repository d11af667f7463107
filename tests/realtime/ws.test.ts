// The WebSocket transport through the typed client: same topics, rules, options and auth rules as SSE.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { RealtimeError, RealtimeWs } from '../../src/client/realtime-ws.ts';
import { jsonSafeId, wsEventFrame } from '../../src/realtime/ws.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';
import { buildWorld, Inbox, type World } from './helpers.ts';

let server: TestServer;
let w: World;
const clients: RealtimeWs[] = [];

function rt(token?: () => string): RealtimeWs {
  const c = new RealtimeWs(server.url, { token });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startServer();
  w = await buildWorld(server);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

/** A raw socket: the frames it received, and a way to wait for the next one. */
async function rawSocket(): Promise<{ ws: WebSocket; next(): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/realtime/ws`);
  const queue: Record<string, unknown>[] = [];
  let wake: (() => void) | null = null;
  ws.onmessage = (m) => {
    queue.push(JSON.parse(String(m.data)));
    wake?.();
  };
  const next = async () => {
    while (queue.length === 0) await within('a frame', new Promise<void>((r) => (wake = r)));
    return queue.shift()!;
  };
  return { ws, next };
}

test('event frames are JSON whatever the id and event name', () => {
  for (const id of ['abcXYZ019', 'q"u\\o\nte', '']) {
    for (const event of ['posts/*', 'posts/*?options={"query":{"a":"\\"x"}}']) {
      expect(JSON.parse(wsEventFrame(jsonSafeId(id), event, '{"n":1}'))).toEqual({
        event,
        id,
        data: { n: 1 },
      });
    }
  }
});

describe('protocol', () => {
  test('first frame is PB_CONNECT with the client id', async () => {
    const { ws, next } = await rawSocket();
    const first = await next();
    expect(first).toEqual({
      event: 'PB_CONNECT',
      id: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      data: { clientId: first.id },
    });
    ws.close();
  });

  test('malformed frames get an error frame and the socket keeps working', async () => {
    const { ws, next } = await rawSocket();
    await next();
    ws.send('{not json');
    expect(await next()).toMatchObject({ type: 'error', status: 400 });
    ws.send('[1,2]');
    expect(await next()).toMatchObject({ type: 'error', status: 400 });
    ws.send(new Uint8Array([1, 2, 3]));
    expect(await next()).toMatchObject({ type: 'error', status: 400 });
    ws.send(JSON.stringify({ type: 'nope', requestId: 'r1' }));
    expect(await next()).toMatchObject({ type: 'error', requestId: 'r1', status: 400 });
    ws.send(
      JSON.stringify({
        type: 'subscribe',
        subscriptions: 'posts/*',
        requestId: 'r2',
        authorization: 5,
      }),
    );
    expect(await next()).toMatchObject({ type: 'error', requestId: 'r2', status: 400 });
    ws.send(
      JSON.stringify({ type: 'subscribe', subscriptions: ['x'.repeat(2501)], requestId: 'r3' }),
    );
    expect(await next()).toMatchObject({
      type: 'error',
      requestId: 'r3',
      data: { subscriptions: { '0': { code: 'validation_length_too_long' } } },
    });
    ws.send(JSON.stringify({ type: 'subscribe', subscriptions: ['posts/*'], requestId: 'ok' }));
    expect(await next()).toEqual({ type: 'ack', requestId: 'ok' });
    const r = await w.su.collection('posts').create({ title: 'still alive' });
    expect(await next()).toMatchObject({
      event: 'posts/*',
      data: { action: 'create', record: { id: r.id } },
    });
    ws.close();
  });

  test('the HTTP POST works for a WebSocket client id (one namespace)', async () => {
    const { ws, next } = await rawSocket();
    const { id } = (await next()) as { id: string };
    const res = await server.fetch('/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: id, subscriptions: ['posts/*'] }),
    });
    expect(res.status).toBe(204);
    const r = await w.su.collection('posts').create({ title: 'via post' });
    expect(await next()).toEqual({
      event: 'posts/*',
      id,
      data: { record: expect.objectContaining({ id: r.id }), action: 'create' },
    });
    ws.close();
  });

  test('a socket that stops reading is dropped once its buffer is full; others keep theirs', async () => {
    const core = server.app.core;
    const { createCollection } = await import('../../src/core/collections/save.ts');
    const { saveRecordInternal } = await import('../../src/core/records/save.ts');
    await createCollection(core, {
      name: 'wsbig',
      type: 'base',
      listRule: '',
      viewRule: '',
      fields: [{ name: 'body', type: 'editor' }],
    } as never);
    // The upgrade by hand on a raw socket, which reads PB_CONNECT, then stops reading.
    const port = Number(new URL(server.url).port);
    const sock = tcpConnect(port, '127.0.0.1');
    let head = '';
    const connected = new Promise<string>((resolve) => {
      sock.on('data', (d) => {
        head += d.toString('latin1');
        const m = /"id":"(\w{40})"/.exec(head);
        if (m) {
          sock.pause();
          resolve(m[1]!);
        }
      });
      sock.write(
        `GET /api/realtime/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    const slowId = await within('PB_CONNECT on the raw socket', connected);
    const res = await server.fetch('/api/realtime', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: slowId, subscriptions: ['wsbig/*'] }),
    });
    expect(res.status).toBe(204);
    const reader = rt();
    const inbox = new Inbox();
    await reader.subscribe('wsbig/*', inbox.push);
    const broker = server.app.realtime.broker;
    const body = 'x'.repeat(64 << 10);
    let last = '';
    for (let i = 0; i < 2000 && broker.find(slowId); i++) {
      last = (await saveRecordInternal(core, 'wsbig', { body }, { isNew: true })).id;
      await broker.idle();
    }
    expect(broker.find(slowId)).toBeUndefined();
    await inbox.of(last);
    sock.destroy();
  });

  test('a plain GET on the WebSocket route is a 400', async () => {
    expect((await server.fetch('/api/realtime/ws')).status).toBe(400);
  });
});

describe('events through the typed client', () => {
  test('each topic form; create, update, delete; unsubscribe', async () => {
    const c = rt();
    const all = new Inbox();
    const legacy = new Inbox();
    const r0 = await w.su.collection('posts').create({ title: 'pre' });
    const one = new Inbox();
    const off = await c.subscribe('posts/*', all.push);
    await c.subscribe('posts', legacy.push);
    await c.subscribe(`posts/${r0.id}`, one.push);
    const r = await w.su.collection('posts').create({ title: 'a' });
    await w.su.collection('posts').update(r.id, { title: 'b' });
    await w.su.collection('posts').update(r0.id, { title: 'pre2' });
    await w.su.collection('posts').delete(r.id);
    await all.of(r.id, 'delete');
    await legacy.of(r.id, 'delete');
    await one.of(r0.id, 'update');
    expect(all.ids()).toEqual([
      `create:${r.id}`,
      `update:${r.id}`,
      `update:${r0.id}`,
      `delete:${r.id}`,
    ]);
    expect(one.ids()).toEqual([`update:${r0.id}`]);
    await off();
    const after = await w.su.collection('posts').create({ title: 'after off' });
    await legacy.of(after.id);
    expect(all.items.length).toBe(4);
  });

  test('rules per subscriber, hidden fields, expand and fields options', async () => {
    const alice = rt(() => w.alice.authStore.token);
    const bob = rt(() => w.bob.authStore.token);
    const guest = rt();
    const a = new Inbox();
    const b = new Inbox();
    const g = new Inbox();
    const picked = new Inbox();
    await alice.subscribe('notes/*', a.push);
    await bob.subscribe('notes/*', b.push);
    await bob.subscribe('posts/*', b.push);
    await guest.subscribe('notes/*', g.push);
    await guest.subscribe('posts/*', g.push);
    await guest.subscribe('posts/*', picked.push, {
      expand: 'owner',
      fields: 'id,expand.owner.name',
    });
    const na = await w.alice.collection('notes').create({ text: 'a', owner: w.aliceId });
    const p = await w.su.collection('posts').create({ title: 'p', secret: 's', owner: w.bobId });
    await a.of(na.id);
    await g.of(p.id);
    await b.of(p.id);
    expect(b.ids()).toEqual([`create:${p.id}`]);
    expect(g.ids()).toEqual([`create:${p.id}`]);
    expect(g.items[0]!.record).not.toHaveProperty('secret');
    expect((await picked.of(p.id)).record).toEqual({
      id: p.id,
      expand: { owner: { name: 'Bob' } },
    } as never);
  });

  test('auth binding: guest → user, then another user is an error with the envelope', async () => {
    let token = '';
    const c = rt(() => token);
    const notes = new Inbox();
    const posts = new Inbox();
    await c.subscribe('notes/*', notes.push);
    token = w.alice.authStore.token;
    await c.subscribe('posts/*', posts.push);
    const n = await w.alice.collection('notes').create({ text: 'now bound', owner: w.aliceId });
    await notes.of(n.id);
    token = w.bob.authStore.token;
    const err = await c.subscribe('users/*', () => {}).catch((e) => e);
    expect(err).toBeInstanceOf(RealtimeError);
    expect(err).toMatchObject({
      status: 403,
      message: "The current and the previous request authorization don't match.",
    });
  });
});

test('the typed client reconnects and resubscribes after the server restarts', async () => {
  const dir = join(tempDir(), 'sb_data');
  let app = await createApp({ dataDir: dir });
  const port = app.listen('127.0.0.1', 0).port!;
  const { saveRecordInternal } = await import('../../src/core/records/save.ts');
  const { createCollection } = await import('../../src/core/collections/save.ts');
  await createCollection(app.core, {
    name: 'posts',
    type: 'base',
    listRule: '',
    viewRule: '',
    fields: [{ name: 'title', type: 'text' }],
  });
  let disconnects = 0;
  const c = new RealtimeWs(`http://127.0.0.1:${port}`, { onDisconnect: () => disconnects++ });
  const inbox = new Inbox();
  await c.subscribe('posts/*', inbox.push);
  const firstId = c.clientId;
  await app.close();
  // The client's reconnect timer owns these states: poll them, bounded.
  await waitFor('the client to see the disconnect', () => disconnects > 0);
  app = await createApp({ dataDir: dir });
  app.listen('127.0.0.1', port);
  const broker = app.realtime.broker;
  await waitFor('the client to resubscribe to posts/* on the new server', () =>
    broker.find(c.clientId)?.topics.has('posts/*'),
  );
  expect(c.clientId).not.toBe(firstId);
  const r = await saveRecordInternal(app.core, 'posts', { title: 'back' }, { isNew: true });
  expect((await inbox.of(r.id)).record.title).toBe('back');
  expect(inbox.ids()).toEqual([`create:${r.id}`]);
  c.close();
  await app.close();
});
