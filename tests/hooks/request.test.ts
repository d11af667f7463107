// Request hooks over REST: order with the model hooks, reading the caller, answering instead of the route, errors.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import {
  ApiError,
  BadRequestError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../src/core/errors.ts';
import type { Hook } from '../../src/hooks/hook.ts';
import { type AllHooks, allHooks } from '../../src/http/app-hooks.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let su: PocketBase;
let hooks: AllHooks;
const unbinds: (() => void)[] = [];

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  hooks = allHooks({ core: server.app.core, hooks: server.app.http.hooks });
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
});

afterAll(() => server.stop());

afterEach(() => {
  for (const u of unbinds.splice(0)) u();
});

// biome-ignore lint/suspicious/noExplicitAny: each test binds to hooks of different event types.
function bind(hook: Hook<any>, fn: (e: any) => unknown, system = false): void {
  const id = hook.bind(fn as never, { system });
  unbinds.push(() => hook.unbind(id));
}

function record(names: (keyof AllHooks)[]): string[] {
  const fired: string[] = [];
  for (const name of names) {
    bind(hooks[name], async (e) => {
      fired.push(name);
      await e.next();
    });
  }
  return fired;
}

const post = (body: unknown, path = '', method = 'POST') =>
  server.fetch(`/api/collections/posts/records${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('order', () => {
  test('REST create: request hook → model hooks → after success → enrich', async () => {
    const fired = record([
      'onRecordCreateRequest',
      'onRecordCreate',
      'onRecordValidate',
      'onRecordCreateExecute',
      'onRecordAfterCreateSuccess',
      'onRecordEnrich',
    ]);
    await server.client().collection('posts').create({ title: 'a' });
    expect(fired).toEqual([
      'onRecordCreateRequest',
      'onRecordCreate',
      'onRecordValidate',
      'onRecordCreateExecute',
      'onRecordAfterCreateSuccess',
      'onRecordEnrich',
    ]);
  });

  test('REST update and delete', async () => {
    const p = await su.collection('posts').create({ title: 'b' });
    const fired = record([
      'onRecordUpdateRequest',
      'onRecordUpdate',
      'onRecordUpdateExecute',
      'onRecordAfterUpdateSuccess',
      'onRecordDeleteRequest',
      'onRecordDelete',
      'onRecordDeleteExecute',
      'onRecordAfterDeleteSuccess',
    ]);
    await server.client().collection('posts').update(p.id, { title: 'b2' });
    await server.client().collection('posts').delete(p.id);
    expect(fired).toEqual([
      'onRecordUpdateRequest',
      'onRecordUpdate',
      'onRecordUpdateExecute',
      'onRecordAfterUpdateSuccess',
      'onRecordDeleteRequest',
      'onRecordDelete',
      'onRecordDeleteExecute',
      'onRecordAfterDeleteSuccess',
    ]);
  });
});

describe('request events', () => {
  test('a view hook reads e.auth and answers instead of the route', async () => {
    const p = await su.collection('posts').create({ title: 'c' });
    // Typed: e.record, e.auth and e.json come from the hook's event type.
    const id = hooks.onRecordViewRequest.bind((e) =>
      e.json(200, { custom: true, auth: e.auth?.record.id ?? null, title: e.record?.title }),
    );
    unbinds.push(() => hooks.onRecordViewRequest.unbind(id));
    const res = await server.fetch(`/api/collections/posts/records/${p.id}`);
    expect(await res.json()).toEqual({ custom: true, auth: null, title: 'c' });
    const asSu = await su.send(`/api/collections/posts/records/${p.id}`, {});
    expect(asSu.auth).toBe(su.authStore.record?.id);
  });

  test('the create hook changes the would-be record before next()', async () => {
    bind(hooks.onRecordCreateRequest, async (e) => {
      e.record.title = `${e.record.title} (edited)`;
      await e.next();
      e.set('saved', e.record.id);
    });
    const created = await server.client().collection('posts').create({ title: 'd' });
    expect(created.title).toBe('d (edited)');
    expect((await su.collection('posts').getOne(created.id)).title).toBe('d (edited)');
  });

  test('list: e.records and e.result before the answer', async () => {
    bind(hooks.onRecordsListRequest, async (e) => {
      e.result.items = e.records = e.records.slice(0, 1);
      e.result.totalItems = 1;
      await e.next();
    });
    await su.collection('posts').create({ title: 'e' });
    const list = await server.client().collection('posts').getList(1, 30);
    expect(list.items.length).toBe(1);
    expect(list.totalItems).toBe(1);
  });

  test('auth: onRecordAuthRequest changes the meta sent', async () => {
    bind(hooks.onRecordAuthRequest, async (e) => {
      e.meta = { method: e.authMethod };
      await e.next();
    });
    const res = await server.fetch('/api/collections/_superusers/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'admin@example.com', password: '1234567890' }),
    });
    expect((await res.json()).meta).toEqual({ method: 'password' });
  });

  test('a handler that neither calls next() nor answers: empty 200', async () => {
    bind(hooks.onRecordCreateRequest, () => {});
    const res = await post({ title: 'never' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const found = await su.collection('posts').getList(1, 1, { filter: 'title = "never"' });
    expect(found.totalItems).toBe(0);
  });
});

describe('errors', () => {
  const cases: [string, () => Error, number, string][] = [
    ['BadRequestError', () => new BadRequestError('nope'), 400, 'Nope.'],
    ['UnauthorizedError', () => new UnauthorizedError(), 401, 'Missing or invalid authentication.'],
    [
      'ForbiddenError',
      () => new ForbiddenError(),
      403,
      'You are not allowed to perform this request.',
    ],
    ['NotFoundError', () => new NotFoundError('gone'), 404, 'Gone.'],
    ['TooManyRequestsError', () => new TooManyRequestsError(), 429, 'Too Many Requests.'],
    [
      'InternalServerError',
      () => new InternalServerError(),
      500,
      'Something went wrong while processing your request.',
    ],
    ['ApiError', () => new ApiError(418, 'teapot'), 418, 'Teapot.'],
  ];
  for (const [name, make, status, message] of cases) {
    test(`${name} from a request hook → ${status}`, async () => {
      bind(hooks.onRecordCreateRequest, () => {
        throw make();
      });
      const res = await post({ title: 'x' });
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ data: {}, message, status });
    });
  }

  test('ApiError data that is not a field error is sent as an invalid value (as PocketBase)', async () => {
    bind(hooks.onRecordCreateRequest, () => {
      throw new ApiError(418, 'teapot', { a: 1 });
    });
    expect(await (await post({ title: 'x' })).json()).toEqual({
      data: { a: { code: 'validation_invalid_value', message: 'Invalid value.' } },
      message: 'Teapot.',
      status: 418,
    });
  });

  // What the reference PocketBase 0.40.4 answers to `throw new Error("x")` in each hook.
  const plain: [string, keyof AllHooks, string, string][] = [
    [
      'onRecordCreateRequest',
      'onRecordCreateRequest',
      'POST',
      'Something went wrong while processing your request.',
    ],
    ['onRecordCreate', 'onRecordCreate', 'POST', 'Failed to create record.'],
    ['onRecordValidate (create)', 'onRecordValidate', 'POST', 'Failed to create record.'],
    ['onRecordUpdate', 'onRecordUpdate', 'PATCH', 'Failed to update record.'],
    [
      'onRecordDelete',
      'onRecordDelete',
      'DELETE',
      'Failed to delete record. Make sure that the record is not part of a required relation reference.',
    ],
  ];
  for (const [name, hook, method, message] of plain) {
    test(`a plain Error from ${name} → 400 "${message}", the cause not sent`, async () => {
      const p = await su.collection('posts').create({ title: 'target' });
      bind(hooks[hook], () => {
        throw new Error('secret cause');
      });
      const res = await post({ title: 'x' }, method === 'POST' ? '' : `/${p.id}`, method);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ data: {}, message, status: 400 });
      expect(body).not.toContain('secret');
    });
  }

  test('collections: PocketBase sends the raw error to the superuser on create, not on delete', async () => {
    bind(hooks.onCollectionCreate, (e) => {
      if (e.collection.name === 'boom') throw new Error('x y');
      return e.next();
    });
    bind(hooks.onCollectionDelete, (e) => {
      if (e.collection.name === 'keep') throw new Error('x y');
      return e.next();
    });
    const create = (name: string) =>
      server.fetch('/api/collections', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: su.authStore.token },
        body: JSON.stringify({ name, type: 'base' }),
      });
    expect(await (await create('boom')).json()).toEqual({
      data: {},
      message: 'Failed to create collection. Raw error: \nError: x y.',
      status: 400,
    });
    await create('keep');
    const res = await server.fetch('/api/collections/keep', {
      method: 'DELETE',
      headers: { authorization: su.authStore.token },
    });
    expect(await res.json()).toEqual({
      data: {},
      message: 'Failed to delete collection.',
      status: 400,
    });
  });

  test('a plain Error from Satchel itself (a system handler) stays a 500', async () => {
    bind(
      hooks.onRecordCreate,
      () => {
        throw new Error('a bug');
      },
      true,
    );
    const res = await post({ title: 'x' });
    expect(res.status).toBe(500);
    expect((await res.json()).message).toBe('Something went wrong while processing your request.');
  });
});
