// Three `serve --db=postgres://…` nodes out of process, behind a round-robin in the test: the SDK sees one server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { RealtimeWs } from '../../src/client/realtime-ws.ts';
import { installEventSource } from '../realtime/helpers.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { runCli, type ServeProcess, spawnServe } from '../support/process.ts';
import { type RoundRobin, roundRobin } from '../support/round-robin.ts';
import { tempDir } from '../support/server.ts';
import { readEvents } from '../support/sse.ts';
import { waitFor, within } from '../support/wait.ts';

const EMAIL = 'admin@example.com';
const PASSWORD = '1234567890';
const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

installEventSource();

describe.skipIf(missing !== null)(
  `three nodes on one PostgreSQL database${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let dbUrl = '';
    const nodes: ServeProcess[] = [];
    let proxy: RoundRobin;
    let pb: PocketBase;
    let token = '';

    const auth = () => ({ authorization: token, 'content-type': 'application/json' });

    beforeAll(async () => {
      dbUrl = await (await testPostgres()).createDatabase('satchel_nodes');
      const first = join(tempDir(), 'sb_data');
      const made = await runCli([
        'superuser',
        'upsert',
        EMAIL,
        PASSWORD,
        `--dir=${first}`,
        `--db=${dbUrl}`,
      ]);
      expect(made.code).toBe(0);
      // Each node has a data dir of its own (nothing in it is shared): only the database is.
      for (let i = 0; i < 3; i++) {
        const dir = i === 0 ? first : join(tempDir(), 'sb_data');
        nodes.push(await spawnServe(dir, [`--db=${dbUrl}`]));
      }
      // Killed nodes drop out of the rotation.
      proxy = roundRobin(() =>
        nodes.filter((n) => n.proc.exitCode === null && !n.proc.killed).map((n) => n.url),
      );
      pb = new PocketBase(proxy.url);
      pb.autoCancellation(false);
      await pb.collection('_superusers').authWithPassword(EMAIL, PASSWORD);
      token = pb.authStore.token;
      await pb.collections.create({
        name: 'posts',
        type: 'base',
        listRule: '',
        viewRule: '',
        createRule: '',
        updateRule: '',
        deleteRule: '',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'n', type: 'number' },
        ],
      });
    }, 90_000);

    afterAll(async () => {
      pb?.realtime.unsubscribe().catch(() => {});
      proxy?.stop();
      for (const n of nodes) n.proc.kill('SIGKILL');
      await Promise.all(nodes.map((n) => n.proc.exited));
      if (dbUrl) await (await testPostgres()).dropDatabase(dbUrl);
    });

    test('every node answers, each under its own id', async () => {
      const ids = new Set<string>();
      for (const n of nodes) {
        const res = await fetch(`${n.url}/api/health`);
        expect(res.status).toBe(200);
        ids.add(res.headers.get('x-satchel-worker') ?? '');
      }
      expect(ids.size).toBe(3);
      expect(ids.has('')).toBe(false);
    });

    test('SSE on node C gets a write made on node A; its subscription POST landed on node B', async () => {
      const [a, b, c] = nodes as [ServeProcess, ServeProcess, ServeProcess];
      const stream = await fetch(`${c.url}/api/realtime`);
      const sse = readEvents(stream.body!);
      try {
        const connect = await waitFor('PB_CONNECT', () =>
          sse.events.find((e) => e.event === 'PB_CONNECT'),
        );
        const clientId = (JSON.parse(connect.data) as { clientId: string }).clientId;
        const sub = await fetch(`${b.url}/api/realtime`, {
          method: 'POST',
          headers: auth(),
          body: JSON.stringify({ clientId, subscriptions: ['posts'] }),
        });
        expect(sub.status).toBe(204);
        const created = await fetch(`${a.url}/api/collections/posts/records`, {
          method: 'POST',
          headers: auth(),
          body: JSON.stringify({ title: 'from A', n: 1 }),
        });
        expect(created.status).toBe(200);
        const id = ((await created.json()) as { id: string }).id;
        const event = await waitFor('the create on node C', () =>
          sse.events.find((e) => e.event === 'posts' && e.data.includes(id)),
        );
        expect(JSON.parse(event.data)).toMatchObject({
          action: 'create',
          record: { id, title: 'from A' },
        });
        // An unknown client id is still PocketBase's 404 wherever it lands.
        const unknown = await fetch(`${b.url}/api/realtime`, {
          method: 'POST',
          headers: auth(),
          body: JSON.stringify({ clientId: 'nobody', subscriptions: ['posts'] }),
        });
        expect(unknown.status).toBe(404);
      } finally {
        await sse.cancel();
      }
    });

    test('the SDK through the round-robin: every event once, in order, whichever node wrote it', async () => {
      const got: string[] = [];
      await pb.collection('posts').subscribe('*', (e) => {
        if (e.action === 'create') got.push(e.record.title as string);
      });
      const titles = Array.from({ length: 12 }, (_, i) => `rr ${i}`);
      for (const title of titles) await pb.collection('posts').create({ title, n: 2 });
      await waitFor('12 events', () => got.length >= titles.length, { timeout: 15_000 });
      expect(got).toEqual(titles);
      await pb.collection('posts').unsubscribe('*');
    });

    test('WebSocket clients on one node get writes from another', async () => {
      const [a, , c] = nodes as [ServeProcess, ServeProcess, ServeProcess];
      const rt = new RealtimeWs(c.url);
      try {
        const got: string[] = [];
        await rt.subscribe('posts', (e) => {
          got.push(String(e.record.title));
        });
        const res = await fetch(`${a.url}/api/collections/posts/records`, {
          method: 'POST',
          headers: auth(),
          body: JSON.stringify({ title: 'ws from A', n: 3 }),
        });
        expect(res.status).toBe(200);
        await waitFor('the WS event', () => got.includes('ws from A'));
      } finally {
        rt.close();
      }
    });

    test('settings and collections changed on one node are seen on the others', async () => {
      const [a, b, c] = nodes as [ServeProcess, ServeProcess, ServeProcess];
      const appName = `nodes ${Date.now()}`;
      const patched = await fetch(`${a.url}/api/settings`, {
        method: 'PATCH',
        headers: auth(),
        body: JSON.stringify({ meta: { appName } }),
      });
      expect(patched.status).toBe(200);
      for (const n of [b, c]) {
        await waitFor(`appName on ${n.url}`, async () => {
          const s = (await (await fetch(`${n.url}/api/settings`, { headers: auth() })).json()) as {
            meta: { appName: string };
          };
          return s.meta.appName === appName;
        });
      }
      // A collection made on B is usable on C at once (a miss reloads the schema).
      const made = await fetch(`${b.url}/api/collections`, {
        method: 'POST',
        headers: auth(),
        body: JSON.stringify({
          name: 'notes',
          type: 'base',
          createRule: '',
          fields: [{ name: 'text', type: 'text' }],
        }),
      });
      expect(made.status).toBe(200);
      const note = await fetch(`${c.url}/api/collections/notes/records`, {
        method: 'POST',
        headers: auth(),
        body: JSON.stringify({ text: 'on C' }),
      });
      expect(note.status).toBe(200);
    });

    test('kill -9 of one node under load: the others answer every request, no acknowledged write is lost', async () => {
      const [a, b, c] = nodes as [ServeProcess, ServeProcess, ServeProcess];
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let stop = false;
      const writer = async (node: ServeProcess, label: string, failuresCount: boolean) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await fetch(`${node.url}/api/collections/posts/records`, {
              method: 'POST',
              headers: auth(),
              body: JSON.stringify({ title: `${label} ${i}`, n: 9 }),
            });
            if (res.status === 200) acknowledged.push(((await res.json()) as { id: string }).id);
            else if (failuresCount) failures.push(`${label}: ${res.status}`);
          } catch (err) {
            if (failuresCount) failures.push(`${label}: ${err}`);
            else return; // the killed node: its clients see the connection go
          }
        }
      };
      const loops = [writer(a, 'A', true), writer(b, 'B', true), writer(c, 'C', false)];
      await waitFor('writes on every node', () => acknowledged.length >= 60, { timeout: 20_000 });
      c.proc.kill('SIGKILL');
      await c.proc.exited;
      const after = acknowledged.length;
      await waitFor('writes after the kill', () => acknowledged.length >= after + 30, {
        timeout: 20_000,
      });
      stop = true;
      await within('the writers to stop', Promise.all(loops), { timeout: 15_000 });
      expect(failures).toEqual([]);
      // Every acknowledged id is in the database, read through a surviving node.
      const ids = new Set<string>();
      for (let page = 1; ; page++) {
        const res = await fetch(
          `${a.url}/api/collections/posts/records?filter=${encodeURIComponent('n = 9')}&perPage=500&page=${page}&fields=id&skipTotal=1`,
          { headers: auth() },
        );
        const body = (await res.json()) as { items: { id: string }[] };
        for (const r of body.items) ids.add(r.id);
        if (body.items.length < 500) break;
      }
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    }, 90_000);
  },
);
