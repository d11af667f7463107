// `serve --workers=2` realtime through the outbox, out of process: commit order per record, no event
// lost when a worker dies right after its commit, deletes judged on the other worker by the carried record.

import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { runCli, type ServeProcess, spawnServe } from '../support/process.ts';
import { tempDir } from '../support/server.ts';
import { readEvents, type SseFrames } from '../support/sse.ts';
import { waitFor, within } from '../support/wait.ts';

const EMAIL = 'admin@example.com';
const PASSWORD = '1234567890';

/**
 * Kills its own worker (SIGKILL: no cleanup, no flush) once a marked child's cascade delete
 * committed: the child's after-success hooks run first, the parent's (whose file folder goes
 * first, real I/O) never do. The parent's delete was committed but never announced by its worker.
 */
const KILLER = `import { onRecordAfterDeleteSuccess } from 'satchel';
onRecordAfterDeleteSuccess(async (e) => {
  await e.next();
  if (e.record.title === 'die') process.kill(process.pid, 'SIGKILL');
}, 'children');
`;

/** A request on a fresh connection: the kernel spreads new connections over the workers. */
function fresh(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('connection', 'close');
  return fetch(url, { ...init, headers });
}

interface Subscriber extends SseFrames {
  worker: string;
  /** The `data` of every frame of `topic`'s events, parsed. */
  received(topic: string): { action: string; record: Record<string, unknown> }[];
}

/** An SSE client held by worker `worker`, subscribed to `topics` (as `token`'s user if given). */
async function subscriberOn(
  url: string,
  worker: string,
  topics: string[],
  token?: string,
): Promise<Subscriber> {
  for (;;) {
    const stream = await fresh(`${url}/api/realtime`);
    if (stream.headers.get('x-satchel-worker') !== worker) {
      await stream.body?.cancel();
      continue;
    }
    const frames = readEvents(stream.body!);
    const connect = await waitFor('PB_CONNECT', () =>
      frames.events.find((e) => e.event === 'PB_CONNECT'),
    );
    const clientId = (JSON.parse(connect.data) as { clientId: string }).clientId;
    const res = await fresh(`${url}/api/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: JSON.stringify({ clientId, subscriptions: topics }),
    });
    expect(res.status).toBe(204);
    return {
      ...frames,
      worker,
      received: (topic) =>
        frames.events.filter((e) => e.event === topic).map((e) => JSON.parse(e.data)),
    };
  }
}

describe('serve --workers=2: realtime through the outbox', () => {
  let server: ServeProcess;
  let pb: PocketBase;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    const base = tempDir();
    dir = join(base, 'sb_data');
    const hooks = join(base, 'sb_hooks');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(join(hooks, 'killer.ts'), KILLER);
    const made = await runCli(['superuser', 'upsert', EMAIL, PASSWORD, `--dir=${dir}`]);
    expect(made.code).toBe(0);
    server = await spawnServe(dir, ['--workers=2', `--hooksDir=${hooks}`, '--hooksWatch=false']);
    pb = new PocketBase(server.url);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(EMAIL, PASSWORD);
    token = pb.authStore.token;
    const open = { listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' };
    await pb.collections.create({
      name: 'counters',
      type: 'base',
      fields: [{ name: 'n', type: 'number' }],
      ...open,
    });
    await pb.collections.create({
      name: 'notes',
      type: 'base',
      fields: [{ name: 'title', type: 'text' }],
      ...open,
    });
    const parents = await pb.collections.create({
      name: 'parents',
      type: 'base',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'doc', type: 'file', maxSelect: 1, maxSize: 1000 },
      ],
      ...open,
    });
    await pb.collections.create({
      name: 'children',
      type: 'base',
      fields: [
        { name: 'title', type: 'text' },
        {
          name: 'parent',
          type: 'relation',
          collectionId: parents.id,
          cascadeDelete: true,
          maxSelect: 1,
        },
      ],
      ...open,
    });
    // Who sees a project: its members, found through rows the project's delete cascades away.
    const projects = await pb.collections.create({
      name: 'projects',
      type: 'base',
      fields: [{ name: 'title', type: 'text' }],
      ...open,
    });
    const users = await pb.collections.getOne('users');
    await pb.collections.create({
      name: 'members',
      type: 'base',
      fields: [
        {
          name: 'project',
          type: 'relation',
          collectionId: projects.id,
          cascadeDelete: true,
          maxSelect: 1,
        },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1 },
      ],
      ...open,
    });
    await pb.collections.update(projects.id, {
      listRule: 'members_via_project.user ?= @request.auth.id',
      viewRule: 'members_via_project.user ?= @request.auth.id',
    });
    await pb.collections.create({
      name: 'owned',
      type: 'base',
      fields: [{ name: 'owner', type: 'text' }],
      ...open,
      listRule: 'owner = @request.auth.id',
      viewRule: 'owner = @request.auth.id',
    });
  }, 60_000);

  afterAll(async () => {
    if (!server) return;
    server.proc.kill('SIGTERM');
    await within('the supervisor to exit', server.proc.exited, { timeout: 30_000 });
  });

  test('concurrent updates of one record through both workers reach a subscriber on each once, in commit order', async () => {
    const subs = [
      await subscriberOn(server.url, '0', ['counters']),
      await subscriberOn(server.url, '1', ['counters']),
    ];
    try {
      const record = await pb.collection('counters').create({ n: 0 });
      const url = `${server.url}/api/collections/counters/records/${record.id}`;
      const UPDATES = 120;
      const answeredBy = new Set<string>();
      // 8 at a time: the increments commit in whatever order the two workers take the write lock;
      // `n+` runs inside each write's transaction, so n numbers the commits.
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < UPDATES) {
            next++;
            const res = await fresh(url, {
              method: 'PATCH',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ 'n+': 1 }),
            });
            expect(res.status).toBe(200);
            answeredBy.add(res.headers.get('x-satchel-worker')!);
          }
        }),
      );
      expect(answeredBy).toEqual(new Set(['0', '1']));
      expect((await pb.collection('counters').getOne(record.id)).n).toBe(UPDATES);
      const expected = Array.from({ length: UPDATES }, (_, i) => i + 1);
      for (const sub of subs) {
        const updates = () =>
          sub
            .received('counters')
            .filter((e) => e.action === 'update')
            .map((e) => e.record.n);
        await waitFor(`worker ${sub.worker}'s subscriber to get update n=${UPDATES}`, () =>
          updates().includes(UPDATES),
        );
        expect(updates()).toEqual(expected);
      }
    } finally {
      for (const sub of subs) await sub.cancel();
    }
  });

  test('a delete made through the other worker is judged there by the deleted record: its owner gets it, another user not', async () => {
    await pb.collection('users').create({
      email: 'owner@example.com',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    await pb.collection('users').create({
      email: 'other@example.com',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    const login = async (email: string) => {
      const client = new PocketBase(server.url);
      const auth = await client.collection('users').authWithPassword(email, PASSWORD);
      return { id: auth.record.id, token: auth.token };
    };
    const owner = await login('owner@example.com');
    const other = await login('other@example.com');
    const ownerSub = await subscriberOn(server.url, '0', ['owned'], owner.token);
    const otherSub = await subscriberOn(server.url, '0', ['owned'], other.token);
    try {
      // Deleted through worker 1 (fresh connections until one lands there).
      let deleted = '';
      await waitFor('a delete answered by worker 1', async () => {
        const rec = await pb.collection('owned').create({ owner: owner.id });
        const res = await fresh(`${server.url}/api/collections/owned/records/${rec.id}`, {
          method: 'DELETE',
          headers: { authorization: token },
        });
        expect(res.status).toBe(204);
        if (res.headers.get('x-satchel-worker') !== '1') return false;
        deleted = rec.id;
        return true;
      });
      const deletes = (sub: Subscriber) =>
        sub
          .received('owned')
          .filter((e) => e.action === 'delete')
          .map((e) => e.record.id);
      await waitFor("the owner's delete event", () => deletes(ownerSub).includes(deleted));
      // A record of the other user's, deleted the same way after it: once that arrives, the first
      // would have too.
      const mine = await pb.collection('owned').create({ owner: other.id });
      await pb.collection('owned').delete(mine.id);
      await waitFor("the other user's own delete event", () => deletes(otherSub).includes(mine.id));
      expect(deletes(otherSub)).not.toContain(deleted);
      expect(deletes(ownerSub)).not.toContain(mine.id);
    } finally {
      await ownerSub.cancel();
      await otherSub.cancel();
    }
  });

  test('a delete whose rule reaches rows its cascade removes is decided on the other worker before the row goes', async () => {
    const login = async (email: string) => {
      const client = new PocketBase(server.url);
      const auth = await client.collection('users').authWithPassword(email, PASSWORD);
      return { id: auth.record.id, token: auth.token };
    };
    const member = await login('owner@example.com');
    const outsider = await login('other@example.com');
    const memberSub = await subscriberOn(server.url, '0', ['projects'], member.token);
    const outsiderSub = await subscriberOn(server.url, '0', ['projects'], outsider.token);
    const deletes = (sub: Subscriber) =>
      sub
        .received('projects')
        .filter((e) => e.action === 'delete')
        .map((e) => e.record.id);
    try {
      // Deleted through worker 1, while the subscribers are on worker 0.
      let deleted = '';
      await waitFor('a delete answered by worker 1', async () => {
        const project = await pb.collection('projects').create({ title: 'p' });
        await pb.collection('members').create({ project: project.id, user: member.id });
        const res = await fresh(`${server.url}/api/collections/projects/records/${project.id}`, {
          method: 'DELETE',
          headers: { authorization: token },
        });
        expect(res.status).toBe(204);
        if (res.headers.get('x-satchel-worker') !== '1') return false;
        deleted = project.id;
        return true;
      });
      await waitFor("the member's delete event", () => deletes(memberSub).includes(deleted));
      // The outsider's own project, deleted after: once that arrives, the first would have too.
      const theirs = await pb.collection('projects').create({ title: 'q' });
      await pb.collection('members').create({ project: theirs.id, user: outsider.id });
      await pb.collection('projects').delete(theirs.id);
      await waitFor("the outsider's own delete event", () =>
        deletes(outsiderSub).includes(theirs.id),
      );
      expect(deletes(outsiderSub)).not.toContain(deleted);
    } finally {
      await memberSub.cancel();
      await outsiderSub.cancel();
    }
  });

  test('with no realtime client on any worker a write stages no outbox row; the first client gets the next one from the other worker', async () => {
    const db = new Database(join(dir, 'data.db'), { readonly: true });
    const rows = () =>
      db.query<{ n: number }, []>('SELECT count(*) AS n FROM _satchel_outbox').get()!.n;
    /** Creates a note on fresh connections until worker `worker` has answered one. */
    const createOn = async (worker: string): Promise<string> => {
      for (;;) {
        const res = await fresh(`${server.url}/api/collections/notes/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `through ${worker}` }),
        });
        expect(res.status).toBe(200);
        const { id } = (await res.json()) as { id: string };
        if (res.headers.get('x-satchel-worker') === worker) return id;
      }
    };
    try {
      // The earlier tests' streams are closed; once both workers have noticed, writes stage nothing.
      await waitFor('writes through both workers to stage no row', async () => {
        const before = rows();
        await createOn('0');
        await createOn('1');
        return rows() === before;
      });
      const sub = await subscriberOn(server.url, '0', ['notes']);
      try {
        const id = await createOn('1');
        await waitFor("the other worker's create on the new stream", () =>
          sub.received('notes').some((e) => e.record.id === id),
        );
        expect(rows()).toBeGreaterThan(0);
      } finally {
        await sub.cancel();
      }
    } finally {
      db.close();
    }
  });

  test('kill -9 between a commit and its announcement: the other worker still delivers the event', async () => {
    const subs = [
      await subscriberOn(server.url, '0', ['parents']),
      await subscriberOn(server.url, '1', ['parents']),
    ];
    try {
      const parent = await pb.collection('parents').create({ title: 'p' });
      await pb.collection('children').create({ title: 'die', parent: parent.id });
      // The delete (and its cascade) commits, then its worker dies, before answering or after
      // (with the outbox the parent's announcement doesn't wait for the child's hooks); a client
      // that saw the connection drop may repeat the DELETE on the other worker (404).
      await fresh(`${server.url}/api/collections/parents/records/${parent.id}`, {
        method: 'DELETE',
      }).catch(() => null);
      await waitFor('the parent gone, read through a live worker', async () => {
        const r = await fresh(`${server.url}/api/collections/parents/records/${parent.id}`).catch(
          () => null,
        );
        return r?.status === 404;
      });
      const deletes = (sub: Subscriber) =>
        sub
          .received('parents')
          .filter((e) => e.action === 'delete')
          .map((e) => e.record.id);
      // A later delete reaches only the stream whose worker lived on: that is the one to check.
      // On fresh connections: a pooled one may still lead to the dead worker.
      const made = await fresh(`${server.url}/api/collections/parents/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'marker' }),
      });
      expect(made.status).toBe(200);
      const marker = (await made.json()) as { id: string };
      const gone = await fresh(`${server.url}/api/collections/parents/records/${marker.id}`, {
        method: 'DELETE',
      });
      expect(gone.status).toBe(204);
      const survivor = await waitFor('the marker on the surviving stream', () =>
        subs.find((sub) => deletes(sub).includes(marker.id)),
      );
      const seen = deletes(survivor);
      expect(seen.filter((id) => id === parent.id)).toEqual([parent.id]);
      expect(seen.indexOf(parent.id)).toBeLessThan(seen.indexOf(marker.id));
      // The replacement is up (it starts at the outbox's end: nothing replayed, nothing to check).
      const answered = new Set<string>();
      await waitFor(
        'both workers to answer again',
        async () => {
          const r = await fresh(`${server.url}/api/health`).catch(() => null);
          if (r?.ok) answered.add(r.headers.get('x-satchel-worker') ?? '?');
          return answered.has('0') && answered.has('1');
        },
        { timeout: 30_000 },
      );
    } finally {
      for (const sub of subs) await sub.cancel();
    }
  }, 60_000);
});
