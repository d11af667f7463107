// Record and collection model hooks over REST: PocketBase's firing order, changing and aborting writes, batches.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { BadRequestError } from '../../src/core/errors.ts';
import type { Hook } from '../../src/hooks/hook.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

let server: TestServer;
let su: PocketBase;
const unbinds: (() => void)[] = [];

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  await su.collections.create({
    name: 'posts',
    type: 'base',
    fields: [{ name: 'title', type: 'text' }],
    createRule: '',
    updateRule: '',
    deleteRule: '',
    listRule: '',
    viewRule: '',
  });
  await su.settings.update({ batch: { enabled: true, maxRequests: 10 } });
});

afterAll(() => server.stop());

afterEach(() => {
  for (const u of unbinds.splice(0)) u();
});

/** Binds `hook` for the test only. */
function bind<E extends object>(hook: Hook<E>, fn: Parameters<Hook<E>['bind']>[0]): void {
  const id = hook.bind(fn, { collections: ['posts'] });
  unbinds.push(() => hook.unbind(id));
}

/** Records each named hook's entry (and, with `after`, its return from `e.next()`). */
function record(names: string[], after: string[] = []): string[] {
  const fired: string[] = [];
  const hooks = server.app.core.hooks as unknown as Record<string, Hook<object>>;
  for (const name of names) {
    bind(hooks[name]!, async (e) => {
      fired.push(name);
      await e.next();
      if (after.includes(name)) fired.push(`${name}:done`);
    });
  }
  return fired;
}

const RECORD_HOOKS = (x: 'Create' | 'Update' | 'Delete') => [
  `onRecord${x}`,
  'onRecordValidate',
  `onRecord${x}Execute`,
  `onRecordAfter${x}Success`,
  `onRecordAfter${x}Error`,
];

describe('firing order', () => {
  test('REST create: create → validate → execute → (commit) → after success', async () => {
    const fired = record(RECORD_HOOKS('Create'), ['onRecordCreate']);
    await server.client().collection('posts').create({ title: 'a' });
    expect(fired).toEqual([
      'onRecordCreate',
      'onRecordValidate',
      'onRecordCreateExecute',
      'onRecordCreate:done',
      'onRecordAfterCreateSuccess',
    ]);
  });

  test('REST update', async () => {
    const post = await su.collection('posts').create({ title: 'b' });
    const fired = record(RECORD_HOOKS('Update'));
    await server.client().collection('posts').update(post.id, { title: 'b2' });
    expect(fired).toEqual([
      'onRecordUpdate',
      'onRecordValidate',
      'onRecordUpdateExecute',
      'onRecordAfterUpdateSuccess',
    ]);
  });

  test('REST delete: no validation', async () => {
    const post = await su.collection('posts').create({ title: 'c' });
    const fired = record(RECORD_HOOKS('Delete'));
    await server.client().collection('posts').delete(post.id);
    expect(fired).toEqual([
      'onRecordDelete',
      'onRecordDeleteExecute',
      'onRecordAfterDeleteSuccess',
    ]);
  });

  test('a failed validation: after error, no execute', async () => {
    const fired = record(RECORD_HOOKS('Create'));
    bind(server.app.core.hooks.onRecordValidate, () => {
      throw new BadRequestError('Nope.', { title: { code: 'x', message: 'bad' } });
    });
    const res = await server.fetch('/api/collections/posts/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'd' }),
    });
    expect(res.status).toBe(400);
    expect(fired).toEqual(['onRecordCreate', 'onRecordValidate', 'onRecordAfterCreateError']);
  });

  test('collections: create → validate → execute → after success', async () => {
    const names = [
      'onCollectionCreate',
      'onCollectionValidate',
      'onCollectionCreateExecute',
      'onCollectionAfterCreateSuccess',
      'onCollectionAfterCreateError',
    ];
    const fired: string[] = [];
    const hooks = server.app.core.hooks as unknown as Record<string, Hook<object>>;
    for (const name of names) {
      const id = hooks[name]!.bind(async (e) => {
        fired.push(name);
        await e.next();
      });
      unbinds.push(() => hooks[name]!.unbind(id));
    }
    await su.collections.create({ name: 'ordered', type: 'base', fields: [] });
    expect(fired).toEqual(names.slice(0, 4));
    await expect(su.collections.create({ name: 'ordered', type: 'base' })).rejects.toThrow();
    expect(fired.slice(4)).toEqual([
      'onCollectionCreate',
      'onCollectionValidate',
      'onCollectionAfterCreateError',
    ]);
  });
});

describe('changing and aborting writes', () => {
  test('a handler changes the record before next(): the stored record has the change', async () => {
    bind(server.app.core.hooks.onRecordCreate, async (e) => {
      e.record.title = `${e.record.title}!`;
      await e.next();
    });
    const post = await server.client().collection('posts').create({ title: 'loud' });
    expect(post.title).toBe('loud!');
    expect((await su.collection('posts').getOne(post.id)).title).toBe('loud!');
  });

  test('a change in the execute hook is what is written', async () => {
    bind(server.app.core.hooks.onRecordUpdateExecute, async (e) => {
      e.record.title = 'forced';
      await e.next();
    });
    const post = await su.collection('posts').create({ title: 'x' });
    await server.client().collection('posts').update(post.id, { title: 'y' });
    expect((await su.collection('posts').getOne(post.id)).title).toBe('forced');
  });

  test('a throwing handler aborts: nothing stored', async () => {
    bind(server.app.core.hooks.onRecordCreate, (e) => {
      if (e.record.title === 'refused') throw new BadRequestError('Refused by a hook.');
      return e.next();
    });
    const res = await server.fetch('/api/collections/posts/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'refused' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe('Refused by a hook.');
    const found = await su.collection('posts').getList(1, 1, { filter: 'title = "refused"' });
    expect(found.totalItems).toBe(0);
  });

  test('throwing after next() rolls the write back', async () => {
    bind(server.app.core.hooks.onRecordCreate, async (e) => {
      await e.next();
      if (e.record.title === 'late') throw new BadRequestError('Too late.');
    });
    await expect(server.client().collection('posts').create({ title: 'late' })).rejects.toThrow();
    const found = await su.collection('posts').getList(1, 1, { filter: 'title = "late"' });
    expect(found.totalItems).toBe(0);
  });

  test('a handler that does not call next() skips the write', async () => {
    const post = await su.collection('posts').create({ title: 'kept' });
    bind(server.app.core.hooks.onRecordDeleteExecute, () => {});
    await server.client().collection('posts').delete(post.id);
    expect((await su.collection('posts').getOne(post.id)).id).toBe(post.id);
  });
});

describe('transactions', () => {
  test('a rolled-back batch: no after success, after error for the write that had succeeded', async () => {
    const fired = record(['onRecordAfterCreateSuccess', 'onRecordAfterCreateError']);
    const errors: string[] = [];
    bind(server.app.core.hooks.onRecordAfterCreateError, async (e) => {
      errors.push(String(e.record.title));
      await e.next();
    });
    const batch = su.createBatch();
    batch.collection('posts').create({ title: 'batched 1' });
    batch.collection('no_such_collection').create({ title: 'fails' });
    await expect(batch.send()).rejects.toThrow();
    await waitFor('the after-error hook', () => errors.length > 0);
    expect(errors).toEqual(['batched 1']);
    expect(fired).toEqual(['onRecordAfterCreateError']);
  });

  test('a committed batch: after success once per record, after the commit', async () => {
    const seen: { title: string; stored: boolean }[] = [];
    bind(server.app.core.hooks.onRecordAfterCreateSuccess, async (e) => {
      // After the outermost commit, a separate reader already sees the row.
      const stored = await server
        .client()
        .collection('posts')
        .getOne(e.record.id)
        .then(() => true)
        .catch(() => false);
      seen.push({ title: String(e.record.title), stored });
      await e.next();
    });
    const batch = su.createBatch();
    batch.collection('posts').create({ title: 'one' });
    batch.collection('posts').create({ title: 'two' });
    await batch.send();
    await waitFor('two after-success hooks', () => seen.length === 2);
    expect(seen.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { title: 'one', stored: true },
      { title: 'two', stored: true },
    ]);
  });

  test('a write whose user hook is still running holds back no write that came before it', async () => {
    // Writes may share a COMMIT (write-queue.ts groups), but not with a write running user code
    // inside its transaction: its hook (an HTTP call, say) would hold back the answers grouped with it.
    const { promise: release, resolve } = Promise.withResolvers<void>();
    bind(server.app.core.hooks.onRecordCreate, async (e) => {
      const ev = e as unknown as { record: { title?: string }; next(): Promise<void> };
      if (ev.record.title === 'slow') await release;
      await ev.next();
    });
    const pb = server.client();
    // Sent in one go: the second joins the queue while the first is still waiting its turn.
    const fast = pb.collection('posts').create({ title: 'fast' }, { requestKey: null });
    const slow = pb.collection('posts').create({ title: 'slow' }, { requestKey: null });
    let fastDone = false;
    void fast.then(() => (fastDone = true));
    try {
      await waitFor('the first write to be answered while the second waits', () => fastDone);
    } finally {
      resolve();
    }
    expect((await slow).title).toBe('slow');
  });
});
