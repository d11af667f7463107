// GET /api/openapi.json: who may read it, the document validates as OpenAPI 3.1, and a request built
// from it for each collection succeeds (create, then list).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import { startServer, type TestServer } from '../support/server.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by path in assertions
type Json = Record<string, any>;

/** A 1×1 PNG, for file fields that take images only. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let server: TestServer;
let token = '';

const get = (path: string, auth = '') =>
  server.fetch(path, { headers: auth ? { authorization: auth } : {} });

async function setPublic(value: unknown): Promise<Response> {
  return server.fetch('/api/satchel/settings', {
    method: 'PATCH',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify({ openapi: { public: value } }),
  });
}

/** The schema behind a `$ref` to `#/components/schemas/X`, or the schema itself. */
const deref = (doc: Json, s: Json): Json =>
  s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s;

/** A create body: every required property from its example (or a plain value of its type). */
function bodyFromSchema(doc: Json, schema: Json): Json {
  const s = deref(doc, schema);
  const out: Json = {};
  for (const key of s.required ?? []) {
    const p = deref(doc, s.properties[key]);
    out[key] = p.examples?.[0] ?? (p.type === 'number' ? 1 : p.type === 'boolean' ? true : 'xxxx');
  }
  return out;
}

beforeAll(async () => {
  server = await startServer();
  const pb = await server.superuserClient();
  token = pb.authStore.token;
  const users = await pb.collections.getOne('users');
  await pb.collections.create({
    name: 'posts',
    type: 'base',
    listRule: '',
    viewRule: '@request.auth.id != ""',
    createRule: null,
    fields: [
      { name: 'title', type: 'text', required: true, min: 3 },
      { name: 'views', type: 'number', required: true, min: 2 },
      { name: 'status', type: 'select', required: true, values: ['draft', 'live'], maxSelect: 1 },
      { name: 'contact', type: 'email', required: true },
      { name: 'site', type: 'url', required: true },
      { name: 'when', type: 'date', required: true },
      { name: 'cover', type: 'file', maxSelect: 1 },
      { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
    ],
  });
  await pb.collections.create({
    name: 'post_titles',
    type: 'view',
    viewQuery: 'SELECT id, title FROM posts',
  });
});
afterAll(() => server.stop());

describe('access', () => {
  test('guests get 401 and auth records 403 by default; superusers get the document', async () => {
    expect((await get('/api/openapi.json')).status).toBe(401);
    const pb = await server.superuserClient();
    await pb.collection('users').create({
      email: 'reader@example.com',
      password: 'password1234',
      passwordConfirm: 'password1234',
    });
    const user = await server
      .client()
      .collection('users')
      .authWithPassword('reader@example.com', 'password1234');
    const denied = await get('/api/openapi.json', user.token);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ status: 403, data: {} });
    expect((await get('/api/openapi.json', token)).status).toBe(200);
  });

  test('the Satchel setting opens it to everyone, in its own _params row', async () => {
    expect((await get('/api/satchel/settings')).status).toBe(401);
    expect(await (await get('/api/satchel/settings', token)).json()).toEqual({
      openapi: { public: false },
      metrics: { hasToken: false },
    });
    const bad = await setPublic('yes');
    expect(bad.status).toBe(400);
    expect((await bad.json()).data.openapi.public.code).toBe('validation_invalid_value');

    expect((await setPublic(true)).status).toBe(200);
    expect((await get('/api/openapi.json')).status).toBe(200);
    const row = server.app.core.store.reader.get<{ value: string }>(
      "SELECT CAST(value AS TEXT) AS value FROM _params WHERE id = 'satchel'",
    );
    expect(JSON.parse(row!.value)).toEqual({ openapi: { public: true }, metrics: { token: '' } });
    // PocketBase's settings row is left alone
    await (await server.superuserClient()).settings.update({ meta: { appName: 'Renamed' } });
    expect((await get('/api/openapi.json')).status).toBe(200);

    expect((await setPublic(false)).status).toBe(200);
    expect((await get('/api/openapi.json')).status).toBe(401);
  });
});

describe('the document', () => {
  let doc: Json;
  /** Validates `value` against a schema of the document (its `$ref`s resolved in it): errors or null. */
  let check: (schema: Json, value: unknown) => unknown;
  beforeAll(async () => {
    doc = await (await get('/api/openapi.json', token)).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('binary', true);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    check = (schema, value) => {
      const ref = schema.$ref ? { $ref: `doc${schema.$ref}` } : schema;
      const validate = ajv.compile(ref);
      return validate(value) ? null : validate.errors;
    };
  });

  test('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2).slice(0, 4000));
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  test('info, servers, the token scheme and the fixed routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.servers[0].url).toBe(server.url);
    expect(doc.components.securitySchemes.token).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    for (const [path, method] of [
      ['/api/health', 'get'],
      ['/api/collections', 'get'],
      ['/api/settings', 'patch'],
      ['/api/batch', 'post'],
      ['/api/files/{collection}/{record}/{filename}', 'get'],
      ['/api/realtime', 'get'],
      ['/api/backups/{key}', 'delete'],
      ['/api/crons', 'get'],
      ['/api/sql', 'post'],
      ['/api/openapi.json', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.responses['400']).toBeDefined();
    }
    expect(doc.paths['/api/collections/{collection}/records']).toBeUndefined();
  });

  test('per collection: records paths, parameters, rules described, read-only views, auth routes', () => {
    const posts = doc.paths['/api/collections/posts/records'];
    expect(posts.get.parameters.map((p: Json) => p.$ref.split('/').pop())).toEqual([
      'page',
      'perPage',
      'sort',
      'filter',
      'expand',
      'fields',
      'skipTotal',
    ]);
    expect(posts.get.description).toContain('public');
    expect(posts.post.description).toContain('superusers only');
    expect(doc.paths['/api/collections/posts/records/{id}'].get.description).toContain(
      '`@request.auth.id != ""`',
    );
    expect(Object.keys(posts.post.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
    const record = doc.components.schemas.PostsRecord;
    expect(record.properties.author).toEqual({ type: 'string' });
    expect(doc.components.schemas.PostsExpand.properties.author.$ref).toBe(
      '#/components/schemas/UsersRecord',
    );
    expect(Object.keys(doc.paths['/api/collections/post_titles/records'])).toEqual(['get']);
    expect(doc.paths['/api/collections/users/auth-with-password'].post).toBeDefined();
    expect(doc.paths['/api/collections/posts/auth-with-password']).toBeUndefined();
  });

  test('a create request built from the document succeeds for each writable collection, then a list', async () => {
    const targets = Object.entries(doc.paths as Record<string, Json>).filter(
      ([path, item]) => /^\/api\/collections\/[^/{]+\/records$/.test(path) && item.post,
    );
    const names = targets.map(([path]) => path.split('/')[3]);
    expect(names).toEqual(expect.arrayContaining(['posts', 'users', '_superusers']));
    for (const [path, item] of targets) {
      const name = path.split('/')[3]!;
      // system collections other than _superusers need records of other collections to point at
      if (name.startsWith('_') && name !== '_superusers') continue;
      const content = item.post.requestBody.content;
      const body = bodyFromSchema(doc, content['application/json'].schema);
      let init: RequestInit;
      if (content['multipart/form-data']) {
        const form = new FormData();
        for (const [k, v] of Object.entries(body)) form.append(k, String(v));
        const multipart = content['multipart/form-data'];
        const props = deref(doc, multipart.schema).properties;
        for (const [k, p] of Object.entries(props as Record<string, Json>)) {
          if (p.format !== 'binary') continue;
          const types: string = multipart.encoding?.[k]?.contentType ?? '';
          const file = types.includes('image/png')
            ? new File([PNG], 'pixel.png', { type: 'image/png' })
            : new File(['hello'], 'hello.txt', { type: 'text/plain' });
          form.append(k, file);
        }
        init = { body: form };
      } else {
        init = { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
      }
      const res = await server.fetch(path, {
        ...init,
        method: 'POST',
        headers: { ...(init.headers as Json), authorization: token },
      });
      const created = await res.json();
      expect({ name, status: res.status, created }).toMatchObject({ name, status: 200 });
      const record = item.post.responses['200'].content['application/json'].schema;
      expect({ name, errors: check(record, created) }).toEqual({ name, errors: null });

      const list = await get(
        `${path}?perPage=1&filter=${encodeURIComponent(`id="${created.id}"`)}`,
        token,
      );
      expect(list.status).toBe(200);
      const page = await list.json();
      expect(page.totalItems).toBe(1);
      const listSchema = item.get.responses['200'].content['application/json'].schema;
      expect({ name, errors: check(listSchema, page) }).toEqual({ name, errors: null });
    }
  });

  test('answers match the document: a view collection lists as it says; a wrong record fails', async () => {
    const op = doc.paths['/api/collections/post_titles/records'].get;
    const page = await (await get('/api/collections/post_titles/records', token)).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(check(op.responses['200'].content['application/json'].schema, page)).toBeNull();
    const err = await (await get('/api/collections/nope/records', token)).json();
    expect(check({ $ref: '#/components/schemas/Error' }, err)).toBeNull();
    expect(check({ $ref: '#/components/schemas/PostsRecord' }, { id: 1 })).not.toBeNull();
    const health = doc.paths['/api/health'].get;
    expect(health.summary).toBe('Health check');
    const answer = await (await get('/api/health')).json();
    expect(check(health.responses['200'].content['application/json'].schema, answer)).toBeNull();
    expect(
      doc.paths['/api/batch'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['requests']);
    expect(doc.paths['/api/crons/{id}'].post.responses['204']).toBeDefined();
  });

  test('auth routes: bodies and answers; the created user logs in as the document says', async () => {
    const op = doc.paths['/api/collections/users/auth-with-password'].post;
    expect(op.requestBody.content['application/json'].schema.required).toEqual([
      'identity',
      'password',
    ]);
    const answer = op.responses['200'].content['application/json'].schema;
    expect(answer.properties.record.$ref).toBe('#/components/schemas/UsersRecord');
    const users =
      doc.paths['/api/collections/users/records'].post.requestBody.content['application/json']
        .schema.properties;
    const res = await server.fetch('/api/collections/users/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        identity: users.email.examples[0],
        password: users.password.examples[0],
      }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    for (const key of answer.required) expect(body).toHaveProperty(key);
    const impersonate = doc.paths['/api/collections/users/impersonate/{id}'].post;
    expect(impersonate.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(
      doc.paths['/api/collections/users/request-verification'].post.responses['204'],
    ).toBeDefined();
  });
});
