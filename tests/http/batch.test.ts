// POST /api/batch with the SDK's createBatch() and raw fetch: validation, dispatch, all-or-nothing.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { findRecordById } from '../../src/core/records/find.ts';
import { defineCollection } from '../core/records/helpers.ts';
import { scenarios } from '../support/scenario.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let su: PocketBase;
let suToken: string;

const id = (prefix: string) => prefix.padEnd(15, '0');

beforeAll(async () => {
  server = await startServer();
  su = await server.superuserClient();
  suToken = su.authStore.token;
  const core = server.app.core;
  const open = { listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' };
  await defineCollection(core, {
    name: 'posts',
    ...open,
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'views', type: 'number' },
    ],
  });
  await defineCollection(core, {
    name: 'notes',
    ...open,
    fields: [{ name: 'text', type: 'text' }],
  });
  await defineCollection(core, {
    name: 'locked',
    ...open,
    createRule: "@request.auth.id != ''",
    updateRule: "text = 'editable'",
    deleteRule: null,
    fields: [{ name: 'text', type: 'text' }],
  });
  await defineCollection(core, {
    name: 'batchonly',
    ...open,
    createRule: "@request.context = 'batch' && @request.headers.x_key = 'yes'",
    fields: [{ name: 'text', type: 'text' }],
  });
  await defineCollection(core, {
    name: 'docs',
    ...open,
    fields: [
      { name: 'title', type: 'text' },
      { name: 'doc', type: 'file', maxSelect: 1, maxSize: 1000 },
    ],
  });
  await su.collection('locked').create({ id: id('lk1'), text: 'fixed' });
});

afterAll(async () => {
  await server.stop();
});

async function setBatch(settings: Record<string, unknown>) {
  await su.settings.update({
    batch: { enabled: true, maxRequests: 5, timeout: 3, maxBodySize: 0, ...settings },
  });
}

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const exists = (collection: string, recordId: string) =>
  findRecordById(server.app.core, collection, recordId) !== null;

function postBatch(body: unknown, auth?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = auth;
  return server.fetch('/api/batch', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('disabled', () => {
  test('by default → 403', async () => {
    const batch = server.client().createBatch();
    batch.collection('posts').create({ title: 'x' });
    const err = await failure(batch.send());
    expect(err.status).toBe(403);
    expect(err.response).toEqual({
      status: 403,
      message: 'Batch requests are not allowed.',
      data: {},
    });
  });

  test('enabled with maxRequests 0 (a stored value the API refuses) → 403', async () => {
    await setBatch({});
    const live = server.app.core.settings.get().batch;
    live.maxRequests = 0;
    try {
      const res = await postBatch({ requests: [] });
      expect(res.status).toBe(403);
    } finally {
      live.maxRequests = 5;
    }
  });
});

describe('with the SDK', () => {
  beforeAll(() => setBatch({}));

  test('create, update, upsert both ways and delete across collections', async () => {
    await su.collection('notes').create({ id: id('nt1'), text: 'old' });
    await su.collection('notes').create({ id: id('nt2'), text: 'gone' });
    const batch = server.client().createBatch();
    batch.collection('posts').create({ id: id('bp1'), title: 'one', views: 1 });
    batch.collection('posts').update(id('bp1'), { 'views+': 2 }, { fields: 'id,views' });
    batch.collection('notes').upsert({ id: id('nt1'), text: 'upserted' });
    batch.collection('notes').upsert({ id: id('nt3'), text: 'created' });
    batch.collection('notes').delete(id('nt2'));
    const results = await batch.send();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 204]);
    expect(results[0]!.body).toMatchObject({ id: id('bp1'), title: 'one', views: 1 });
    expect(results[1]!.body).toEqual({ id: id('bp1'), views: 3 });
    expect(results[2]!.body).toMatchObject({ id: id('nt1'), text: 'upserted' });
    expect(results[3]!.body).toMatchObject({ id: id('nt3'), text: 'created' });
    expect(results[4]!.body).toBeNull();
    expect(exists('notes', id('nt2'))).toBe(false);
    expect(findRecordById(server.app.core, 'posts', id('bp1'))).toMatchObject({ views: 3 });
  });

  test('an upsert sees what an earlier sub-request created', async () => {
    const batch = server.client().createBatch();
    batch.collection('notes').create({ id: id('nt4'), text: 'a' });
    batch.collection('notes').upsert({ id: id('nt4'), text: 'b' });
    const results = await batch.send();
    expect(results[1]!.body).toMatchObject({ id: id('nt4'), text: 'b' });
  });

  test('a failing third request leaves no trace of the first two', async () => {
    const batch = server.client().createBatch();
    batch.collection('posts').create({ id: id('rb1'), title: 'kept?' });
    batch.collection('notes').update(id('nt1'), { text: 'changed?' });
    batch.collection('posts').create({ id: id('rb2') });
    const err = await failure(batch.send());
    expect(err.status).toBe(400);
    expect(err.response.message).toBe('Batch transaction failed.');
    const item = err.response.data.requests['2'];
    expect(item).toMatchObject({
      code: 'batch_request_failed',
      message: 'Batch request failed.',
      response: {
        status: 400,
        message: 'Failed to create record.',
        data: { title: { code: 'validation_required' } },
      },
    });
    expect(Object.keys(err.response.data.requests)).toEqual(['2']);
    expect(exists('posts', id('rb1'))).toBe(false);
    expect(findRecordById(server.app.core, 'notes', id('nt1'))).toMatchObject({
      text: 'upserted',
    });
  });

  test('rules apply to each sub-request as for the normal endpoints', async () => {
    const cases: [(b: ReturnType<PocketBase['createBatch']>) => void, number][] = [
      [(b) => b.collection('locked').create({ text: 'guest' }), 400],
      [(b) => b.collection('locked').update(id('lk1'), { text: 'x' }), 404],
      [(b) => b.collection('locked').delete(id('lk1')), 403],
      [(b) => b.collection('missing').create({}), 404],
    ];
    for (const [queue, status] of cases) {
      const batch = server.client().createBatch();
      batch.collection('notes').create({ id: id('rl1'), text: 'first' });
      queue(batch);
      const err = await failure(batch.send());
      expect(err.response.data.requests['1'].response.status).toBe(status);
      expect(exists('notes', id('rl1'))).toBe(false);
    }
  });

  test('sub-requests run with the batch request auth', async () => {
    const batch = su.createBatch();
    batch.collection('locked').create({ id: id('lk2'), text: 'by superuser' });
    batch.collection('locked').delete(id('lk2'));
    const results = await batch.send();
    expect(results.map((r) => r.status)).toEqual([200, 204]);
  });

  test("@request.context is 'batch' and sub-request headers reach the rules", async () => {
    const batch = server.client().createBatch();
    batch.collection('batchonly').create({ text: 'in batch' }, { headers: { 'x-key': 'yes' } });
    const sent = await batch.send().catch((e: ClientResponseError) => e.response);
    expect(sent).toMatchObject([{ status: 200 }]);
    const direct = await failure(
      server
        .client()
        .collection('batchonly')
        .create({ text: 'direct' }, { headers: { 'x-key': 'yes' } }),
    );
    expect(direct.status).toBe(400);
  });

  test('multipart file parts reach their own sub-request', async () => {
    const batch = server.client().createBatch();
    batch.collection('docs').create({ title: 'plain' });
    batch.collection('docs').create({ title: 'with file', doc: new File(['hi'], 'hi.txt') });
    const outcome = await batch.send();
    // Names shorter than 3 characters get 10 extra random characters (http-api.md §3.6).
    expect(outcome[1]).toMatchObject({
      status: 200,
      body: { doc: expect.stringMatching(/^hi[a-z0-9]*_\w+\.txt$/) },
    });
  });

  test('too many requests', async () => {
    const batch = server.client().createBatch();
    for (let i = 0; i < 6; i++) batch.collection('notes').create({ text: `n${i}` });
    const err = await failure(batch.send());
    expect(err.response).toEqual({
      status: 400,
      message: 'Invalid batch request data.',
      data: {
        requests: {
          code: 'validation_length_too_long',
          message: 'The length must be no more than 5.',
          params: { max: 5, min: 0 },
        },
      },
    });
  });

  test('?fields= applies to the batch response', async () => {
    const batch = server.client().createBatch();
    batch.collection('notes').create({ text: 'f' });
    const results = await batch.send({ fields: 'status' });
    expect(results).toEqual([{ status: 200 } as never]);
  });
});

describe('raw requests', () => {
  beforeAll(() => setBatch({}));

  test('JSON form; an Authorization header inside a sub-request is ignored', async () => {
    const res = await postBatch({
      requests: [
        {
          method: 'POST',
          url: '/api/collections/notes/records',
          body: { id: id('js1'), text: 'j' },
        },
        {
          method: 'POST',
          url: '/api/collections/locked/records',
          headers: { Authorization: suToken },
          body: { text: 'sneaky' },
        },
      ],
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { data: { requests: Record<string, unknown> } };
    expect(Object.keys(json.data.requests)).toEqual(['1']);
    expect(exists('notes', id('js1'))).toBe(false);

    const ok = await postBatch({
      requests: [{ method: 'POST', url: '/api/collections/notes/records', body: { text: 'j' } }],
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject([{ status: 200, body: { text: 'j' } }]);
  });

  test('actions other than record writes fail the batch', async () => {
    for (const [method, url] of [
      ['GET', '/api/collections/notes/records'],
      ['GET', '/api/health'],
      ['POST', '/api/collections/notes/records/abc'],
      ['DELETE', '/api/collections/notes/records'],
      ['POST', '/api/batch'],
      ['POST', 'http://example.com/api/collections/notes/records'],
    ]) {
      const res = await postBatch({ requests: [{ method, url, body: { text: 'x' } }] });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        status: 400,
        message: 'Batch transaction failed.',
        data: {
          requests: {
            '0': {
              code: 'batch_request_failed',
              message: 'Batch request failed.',
              response: {
                status: 400,
                message: 'Something went wrong while processing your request.',
                data: {},
              },
            },
          },
        },
      });
    }
  });

  test('a body over settings.batch.maxBodySize → 413', async () => {
    await setBatch({ maxBodySize: 200 });
    const res = await postBatch({
      requests: [
        { method: 'POST', url: '/api/collections/notes/records', body: { text: 'x'.repeat(300) } },
      ],
    });
    expect(res.status).toBe(413);
    await setBatch({});
  });
});

describe('validation', () => {
  beforeAll(() => setBatch({}));
  const invalid = (data: unknown) => ({
    status: 400,
    message: 'Invalid batch request data.',
    data,
  });
  const table: [string, unknown, unknown][] = [
    [
      'no requests',
      {},
      invalid({ requests: { code: 'validation_required', message: 'Cannot be blank.' } }),
    ],
    [
      'empty list',
      { requests: [] },
      invalid({ requests: { code: 'validation_required', message: 'Cannot be blank.' } }),
    ],
    [
      'bad method, missing url',
      { requests: [{ method: 'post', url: '' }, { method: 'PUT', url: '/x' }, {}] },
      invalid({
        requests: {
          '0': {
            method: { code: 'validation_in_invalid', message: 'Must be a valid value.' },
            url: { code: 'validation_required', message: 'Cannot be blank.' },
          },
          '2': {
            method: { code: 'validation_required', message: 'Cannot be blank.' },
            url: { code: 'validation_required', message: 'Cannot be blank.' },
          },
        },
      }),
    ],
    [
      'url too long',
      { requests: [{ method: 'POST', url: `/${'a'.repeat(2000)}` }] },
      invalid({
        requests: {
          '0': {
            url: {
              code: 'validation_length_too_long',
              message: 'The length must be no more than 2000.',
              params: { max: 2000, min: 0 },
            },
          },
        },
      }),
    ],
  ];
  for (const [name, body, want] of table) {
    test(name, async () => {
      const res = await postBatch(body);
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: want });
    });
  }

  scenarios(
    () => server,
    [
      {
        name: 'unparsable JSON',
        method: 'POST',
        url: '/api/batch',
        headers: { 'content-type': 'application/json' },
        body: '{"requests": [',
        status: 400,
        contains: ['"message":"Failed to read the submitted batch data."'],
      },
      {
        name: 'requests is not a list',
        method: 'POST',
        url: '/api/batch',
        body: { requests: { method: 'POST' } },
        status: 400,
        contains: ['Failed to read the submitted batch data.'],
      },
      {
        name: 'a method of the wrong type',
        method: 'POST',
        url: '/api/batch',
        body: { requests: [{ method: 1, url: '/api/collections/notes/records' }] },
        status: 400,
        contains: ['Failed to read the submitted batch data.'],
      },
      {
        name: 'a header value of the wrong type',
        method: 'POST',
        url: '/api/batch',
        body: {
          requests: [{ method: 'POST', url: '/api/collections/notes/records', headers: { a: 1 } }],
        },
        status: 400,
        contains: ['Failed to read the submitted batch data.'],
      },
    ],
  );
});
