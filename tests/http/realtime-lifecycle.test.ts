// Realtime connection lifecycle: auth changes mid-connection, restarts, timeouts, limits, slow clients.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { upsertSuperuser } from '../../src/core/auth/superusers.ts';
import type { RealtimeLimits } from '../../src/core/realtime/limits.ts';
import { buildWorld, Inbox, installEventSource, type World } from '../realtime/helpers.ts';
import { startServer, TEST_SUPERUSER, type TestServer, tempDir } from '../support/server.ts';
import { waitFor, within } from '../support/wait.ts';

installEventSource();

describe('auth changes mid-connection', () => {
  let server: TestServer;
  let w: World;
  beforeAll(async () => {
    server = await startServer();
    w = await buildWorld(server);
  });
  afterAll(() => server.stop());

  test('guest → user on the same connection starts owner-only events', async () => {
    const pb = server.client();
    const notes = new Inbox();
    const posts = new Inbox();
    await pb.collection('notes').subscribe('*', notes.push);
    await pb.collection('posts').subscribe('*', posts.push);
    const before = await w.alice.collection('notes').create({ text: 'n1', owner: w.aliceId });
    const b1 = await w.su.collection('posts').create({ title: 'b1' });
    await posts.of(b1.id);
    expect(notes.items).toEqual([]);
    // Signing in does not reconnect; the next subscription POST carries the token.
    await pb.collection('users').authWithPassword('alice@example.com', '1234567890');
    await pb.collection('posts').subscribe(b1.id, () => {});
    const after = await w.alice.collection('notes').create({ text: 'n2', owner: w.aliceId });
    await notes.of(after.id);
    expect(notes.ids()).toEqual([`create:${after.id}`]);
    expect(before.id).not.toBe(after.id);
    await pb.realtime.unsubscribe();
  });

  test('user → another user is refused with 403; the subscription promise rejects', async () => {
    const pb = await w.login('alice@example.com');
    await pb.collection('posts').subscribe('*', () => {});
    pb.authStore.save(w.bob.authStore.token, w.bob.authStore.record);
    await expect(pb.collection('notes').subscribe('*', () => {})).rejects.toMatchObject({
      status: 403,
    });
    await pb.realtime.unsubscribe();
  });

  test('a password change (new tokenKey) downgrades bound clients to guests', async () => {
    const carol = await w.su.collection('users').create({
      email: 'carol@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
    const pb = await w.login('carol@example.com');
    const notes = new Inbox();
    const posts = new Inbox();
    await pb.collection('notes').subscribe('*', notes.push);
    await pb.collection('posts').subscribe('*', posts.push);
    const seen = await w.su.collection('notes').create({ text: 'c1', owner: carol.id });
    await notes.of(seen.id);
    await w.su
      .collection('users')
      .update(carol.id, { password: 'another-pass-1', passwordConfirm: 'another-pass-1' });
    const unseen = await w.su.collection('notes').create({ text: 'c2', owner: carol.id });
    const barrier = await w.su.collection('posts').create({ title: 'after password' });
    await posts.of(barrier.id);
    expect(notes.ids()).toEqual([`create:${seen.id}`]);
    expect(unseen.id).toBeTruthy();
    pb.realtime.unsubscribe().catch(() => {});
  });

  test('deleting the auth record downgrades its clients to guests', async () => {
    const dave = await w.su.collection('users').create({
      email: 'dave@example.com',
      password: '1234567890',
      passwordConfirm: '1234567890',
    });
    const pb = await w.login('dave@example.com');
    await pb.collection('posts').subscribe('*', () => {});
    const broker = server.app.realtime.broker;
    const clientId = pb.realtime.clientId;
    expect(broker.find(clientId)!.auth?.record.id).toBe(dave.id);
    await w.su.collection('users').delete(dave.id);
    await broker.idle();
    expect(broker.find(clientId)!.auth).toBeNull();
    pb.realtime.unsubscribe().catch(() => {});
  });
});

/** An app on a fixed dir and port, so a restart is the same server for the SDK. */
async function serve(dir: string, port: number, realtime?: Partial<RealtimeLimits>) {
  const app = await createApp({ dataDir: dir, realtime });
  const server = app.listen('127.0.0.1', port);
  return { app, url: `http://127.0.0.1:${server.port}`, port: server.port ?? port };
}

describe('restarts and limits', () => {
  test('the SDK reconnects and resubscribes after the server restarts on the same dir and port', async () => {
    const dir = join(tempDir(), 'sb_data');
    let s = await serve(dir, 0);
    await upsertSuperuser(s.app.core, TEST_SUPERUSER.email, TEST_SUPERUSER.password);
    const { default: PocketBase } = await import('pocketbase');
    const su = new PocketBase(s.url);
    su.autoCancellation(false);
    await su.collection('_superusers').authWithPassword(TEST_SUPERUSER.email, '1234567890');
    await su.collections.create({
      name: 'posts',
      listRule: '',
      viewRule: '',
      fields: [{ name: 'title', type: 'text' }],
    });
    const pb = new PocketBase(s.url);
    pb.autoCancellation(false);
    const inbox = new Inbox();
    let disconnects = 0;
    pb.realtime.onDisconnect = () => {
      disconnects++;
    };
    await pb.collection('posts').subscribe('*', inbox.push);
    const firstId = pb.realtime.clientId;
    await s.app.close();
    // The SDK's reconnect timer owns these states: poll them, bounded.
    await waitFor('the SDK to see the disconnect', () => disconnects > 0);
    s = await serve(dir, s.port);
    const broker = s.app.realtime.broker;
    await waitFor(
      'the SDK to reconnect with a new client id and resubscribe to posts/*',
      () =>
        pb.realtime.clientId !== firstId &&
        broker.find(pb.realtime.clientId)?.topics.has('posts/*') === true,
    );
    const r = await su.collection('posts').create({ title: 'after restart' });
    expect((await inbox.of(r.id)).record.title).toBe('after restart');
    expect(inbox.ids()).toEqual([`create:${r.id}`]);
    expect(pb.realtime.isConnected).toBe(true);
    await pb.realtime.unsubscribe();
    await s.app.close();
  });

  test('idle timeout and max lifetime end the stream (the SDK then reconnects)', async () => {
    const idle = await serve(join(tempDir(), 'sb_data'), 0, {
      idleTimeoutMs: 30,
      sweepIntervalMs: 10,
    });
    const res = await fetch(`${idle.url}/api/realtime`);
    const text = await res.text(); // resolves only when the server ends the stream
    expect(text).toStartWith('id:');
    expect(idle.app.realtime.broker.size).toBe(0);
    await idle.app.close();
    const life = await serve(join(tempDir(), 'sb_data'), 0, {
      maxLifetimeMs: 30,
      sweepIntervalMs: 10,
    });
    expect(await (await fetch(`${life.url}/api/realtime`)).text()).toContain('PB_CONNECT');
    await life.app.close();
  });

  test('connection and subscription floods get 429', async () => {
    const s = await serve(join(tempDir(), 'sb_data'), 0, {
      maxClients: 2,
      subscribeBurst: 2,
      subscribePerSecond: 0.001,
    });
    const a = await fetch(`${s.url}/api/realtime`);
    const b = await fetch(`${s.url}/api/realtime`);
    const c = await fetch(`${s.url}/api/realtime`);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    const reader = a.body!.getReader();
    const first = new TextDecoder().decode((await within('PB_CONNECT', reader.read())).value);
    const clientId = /^id:(\w+)/.exec(first)![1]!;
    const post = () =>
      fetch(`${s.url}/api/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, subscriptions: ['posts/*'] }),
      });
    expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([
      204, 204, 429,
    ]);
    await s.app.close();
  });

  // Large frames queue as shared pieces; small ones go straight to the socket until it pushes back.
  test.each([
    ['large', 256 << 10, 400],
    ['small', 8 << 10, 4000],
  ])(
    'a client that stops reading is dropped when its buffer is full; others keep theirs (%s events)',
    async (_, size, most) => {
      const s = await serve(join(tempDir(), 'sb_data'), 0, { maxBufferedBytes: 64 << 10 });
      await upsertSuperuser(s.app.core, TEST_SUPERUSER.email, TEST_SUPERUSER.password);
      const { createCollection } = await import('../../src/core/collections/save.ts');
      const { saveRecordInternal } = await import('../../src/core/records/save.ts');
      const core = s.app.core;
      await createCollection(core, {
        name: 'posts',
        type: 'base',
        listRule: '',
        viewRule: '',
        fields: [{ name: 'title', type: 'editor' }],
      } as never);
      // A raw socket that reads the PB_CONNECT message, then stops reading.
      const sock = tcpConnect(s.port, '127.0.0.1');
      let head = '';
      const connected = new Promise<void>((resolve) => {
        sock.on('data', (d) => {
          head += d.toString();
          if (head.includes('\n\n')) {
            sock.pause();
            resolve();
          }
        });
        sock.write(`GET /api/realtime HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
      });
      await within('PB_CONNECT on the raw socket', connected);
      const slowId = /id:(\w{40})/.exec(head)![1]!;
      const broker = s.app.realtime.broker;
      broker.setSubscriptions(slowId, {
        ip: broker.find(slowId)!.ip,
        auth: null,
        subscriptions: ['posts/*'],
      });
      const pb = new (await import('pocketbase')).default(s.url);
      const inbox = new Inbox();
      await pb.collection('posts').subscribe('*', inbox.push);
      const big = 'x'.repeat(size);
      let last = '';
      for (let i = 0; i < most && broker.find(slowId); i++) {
        last = (await saveRecordInternal(core, 'posts', { title: big }, { isNew: true })).id;
        await broker.idle();
      }
      expect(broker.find(slowId)).toBeUndefined();
      await inbox.of(last);
      sock.destroy();
      await pb.realtime.unsubscribe();
      await s.app.close();
    },
  );
});
