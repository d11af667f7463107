// The fixed routes' bodies (http/bodies/): every route that takes one has a TypeBox schema, the
// schema is in /api/openapi.json, and bad bodies get PocketBase 0.40.4's answers word for word
// (each expectation below was read off the reference binary with the same request).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { FIXED_BODIES } from '../../src/http/bodies/fixed.ts';
import { bodySpecOf } from '../../src/http/bodies/index.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let token = '';

beforeAll(async () => {
  server = await startServer();
  const su = await server.superuserClient();
  token = su.authStore.token;
  await su.settings.update({ batch: { enabled: true, maxRequests: 50, timeout: 3 } });
});
afterAll(() => server.stop());

/** Routes that take no body (or a records body, described per collection). */
const NO_BODY = new Set([
  'POST /api/collections/{collection}/auth-refresh',
  'POST /api/crons/{id}',
  'POST /api/backups/{key}/restore',
  'POST /api/files/token',
  'POST /api/collections/{collection}/records',
  'PATCH /api/collections/{collection}/records/{id}',
]);

const LOADING = 'An error occurred while loading the submitted data.';
const VALIDATING = 'An error occurred while validating the submitted data.';
const GENERIC = 'Something went wrong while processing your request.';
const required = { code: 'validation_required', message: 'Cannot be blank.' };

describe('every fixed route with a body has a schema', () => {
  test('the route table: POST, PUT and PATCH routes name their body', () => {
    const missing = server.app.http.routes
      .routes()
      .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method))
      .map((r) => `${r.method} ${r.pattern}`)
      .filter((key) => !NO_BODY.has(key))
      .filter((key) => !FIXED_BODIES[key]);
    expect(missing).toEqual([]);
    // and no schema names a route that doesn't exist
    const keys = new Set(server.app.http.routes.routes().map((r) => `${r.method} ${r.pattern}`));
    expect(Object.keys(FIXED_BODIES).filter((k) => !keys.has(k))).toEqual([]);
  });

  test('routes added by hooks are not matched to the built-in schemas', () => {
    expect(bodySpecOf({ method: 'POST', pattern: '/api/sql', source: 'hooks' })).toBeUndefined();
    expect(bodySpecOf({ method: 'POST', pattern: '/api/sql', source: 'core' })).toBeDefined();
  });

  test('the record writes (the routes a batch runs) have no fixed body', () => {
    const writes = server.app.http.routes.routes().filter((r) => r.batch);
    expect(writes.map((r) => r.name).sort()).toEqual([
      'records.create',
      'records.delete',
      'records.update',
    ]);
    for (const route of writes) expect(bodySpecOf(route)).toBeUndefined();
  });

  test('the OpenAPI document carries each schema as the requestBody', async () => {
    const doc = await (
      await server.fetch('/api/openapi.json', { headers: { authorization: token } })
    ).json();
    for (const [key, spec] of Object.entries(FIXED_BODIES)) {
      const [method, pattern] = key.split(' ') as [string, string];
      // The auth routes are written out per auth collection; the others keep their parameters.
      const perCollection = pattern.startsWith('/api/collections/{collection}/');
      const path = perCollection ? pattern.replace('{collection}', 'users') : pattern;
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect({ key, op: op !== undefined }).toEqual({ key, op: true });
      const content = op.requestBody.content[spec.contentType ?? 'application/json'];
      expect(content.schema).toEqual(JSON.parse(JSON.stringify(spec.schema)));
    }
    expect(
      doc.paths['/api/collections/users/auth-with-password'].post.requestBody.content[
        'application/json'
      ].schema.required,
    ).toEqual(['identity', 'password']);
  });
});

interface Scenario {
  name: string;
  method?: string;
  path: string;
  body: unknown;
  superuser?: boolean;
  status: number;
  message: string;
  data?: Record<string, unknown>;
}

const BATCH_LOAD = 'Failed to read the submitted batch data.';
const SCENARIOS: Scenario[] = [
  {
    name: 'sql: a number',
    path: '/api/sql',
    body: { query: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'sql: missing',
    path: '/api/sql',
    body: {},
    superuser: true,
    status: 400,
    message: VALIDATING,
    data: { query: required },
  },
  {
    name: 'sql: not JSON',
    path: '/api/sql',
    body: 'nojson',
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'sql: guest first',
    path: '/api/sql',
    body: 'nojson',
    status: 401,
    message: 'The request requires valid record authorization token.',
  },
  {
    name: 'backups: a number',
    path: '/api/backups',
    body: { name: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'backups: not JSON',
    path: '/api/backups',
    body: 'nojson',
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'realtime: a number',
    path: '/api/realtime',
    body: { clientId: 5 },
    status: 400,
    message: GENERIC,
  },
  {
    name: 'realtime: a string list',
    path: '/api/realtime',
    body: { clientId: 'x', subscriptions: 'a' },
    status: 400,
    message: GENERIC,
  },
  {
    name: 'realtime: numbers in the list',
    path: '/api/realtime',
    body: { clientId: 'x', subscriptions: [5] },
    status: 400,
    message: GENERIC,
  },
  {
    name: 'realtime: missing',
    path: '/api/realtime',
    body: {},
    status: 400,
    message: GENERIC,
    data: { clientId: required },
  },
  {
    name: 'realtime: not JSON',
    path: '/api/realtime',
    body: 'nojson',
    status: 400,
    message: GENERIC,
  },
  {
    name: 'import: a number',
    method: 'PUT',
    path: '/api/collections/import',
    body: { collections: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'import: numbers',
    method: 'PUT',
    path: '/api/collections/import',
    body: { collections: [5] },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'import: deleteMissing text',
    method: 'PUT',
    path: '/api/collections/import',
    body: { collections: [], deleteMissing: 'x' },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'import: missing',
    method: 'PUT',
    path: '/api/collections/import',
    body: {},
    superuser: true,
    status: 400,
    message: VALIDATING,
    data: { collections: required },
  },
  {
    name: 'import: empty',
    method: 'PUT',
    path: '/api/collections/import',
    body: { collections: [] },
    superuser: true,
    status: 400,
    message: VALIDATING,
    data: { collections: required },
  },
  {
    name: 'settings: not JSON',
    method: 'PATCH',
    path: '/api/settings',
    body: 'nojson',
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'settings: an array',
    method: 'PATCH',
    path: '/api/settings',
    body: '[]',
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'settings: a section of the wrong type',
    method: 'PATCH',
    path: '/api/settings',
    body: { meta: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'test s3: a number',
    path: '/api/settings/test/s3',
    body: { filesystem: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'test s3: missing',
    path: '/api/settings/test/s3',
    body: {},
    superuser: true,
    status: 400,
    message: 'Failed to test the S3 filesystem.',
    data: { filesystem: required },
  },
  {
    name: 'test s3: unknown',
    path: '/api/settings/test/s3',
    body: { filesystem: 'x' },
    superuser: true,
    status: 400,
    message: 'Failed to test the S3 filesystem.',
    data: { filesystem: { code: 'validation_in_invalid', message: 'Must be a valid value.' } },
  },
  {
    name: 'test email: a number',
    path: '/api/settings/test/email',
    body: { email: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'test email: collection a number',
    path: '/api/settings/test/email',
    body: { email: 'a@b.co', template: 'verification', collection: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'test email: missing',
    path: '/api/settings/test/email',
    body: {},
    superuser: true,
    status: 400,
    message: 'Failed to send the test email.',
    data: { email: required, template: required },
  },
  {
    name: 'apple: duration text',
    path: '/api/settings/apple/generate-client-secret',
    body: { duration: 'x' },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'apple: duration a fraction',
    path: '/api/settings/apple/generate-client-secret',
    body: { duration: 1.5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'apple: clientId a number',
    path: '/api/settings/apple/generate-client-secret',
    body: { clientId: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'batch: a number',
    path: '/api/batch',
    body: { requests: 5 },
    status: 400,
    message: BATCH_LOAD,
  },
  {
    name: 'batch: a number in the list',
    path: '/api/batch',
    body: { requests: [5] },
    status: 400,
    message: BATCH_LOAD,
  },
  {
    name: 'batch: a header value number',
    path: '/api/batch',
    body: {
      requests: [{ method: 'POST', url: '/api/collections/users/records', headers: { a: 5 } }],
    },
    status: 400,
    message: BATCH_LOAD,
  },
  {
    name: 'batch: a list body',
    path: '/api/batch',
    body: { requests: [{ method: 'POST', url: '/api/collections/users/records', body: [1] }] },
    status: 400,
    message: BATCH_LOAD,
  },
  { name: 'batch: not JSON', path: '/api/batch', body: 'nojson', status: 400, message: BATCH_LOAD },
  {
    name: 'batch: blank request',
    path: '/api/batch',
    body: { requests: [{}] },
    status: 400,
    message: 'Invalid batch request data.',
    data: { requests: { '0': { method: required, url: required } } },
  },
  {
    name: 'password: missing',
    path: '/api/collections/users/auth-with-password',
    body: {},
    status: 400,
    message: VALIDATING,
    data: { identity: required, password: required },
  },
  {
    name: 'password: nulls',
    path: '/api/collections/users/auth-with-password',
    body: { identity: null, password: null },
    status: 400,
    message: VALIDATING,
    data: { identity: required, password: required },
  },
  {
    name: 'password: a number',
    path: '/api/collections/users/auth-with-password',
    body: { identity: 5, password: 'x' },
    status: 400,
    message: LOADING,
  },
  {
    name: 'password: not JSON',
    path: '/api/collections/users/auth-with-password',
    body: 'nojson',
    status: 400,
    message: LOADING,
  },
  {
    name: 'password: an array',
    path: '/api/collections/users/auth-with-password',
    body: '[1]',
    status: 400,
    message: LOADING,
  },
  {
    name: 'password: no such collection',
    path: '/api/collections/nope/auth-with-password',
    body: {},
    status: 404,
    message: 'Missing or invalid collection context.',
  },
  {
    name: 'otp: not enabled, before the body',
    path: '/api/collections/users/auth-with-otp',
    body: { otpId: 1 },
    status: 403,
    message: 'The collection is not configured to allow OTP authentication.',
  },
  {
    name: 'impersonate: the record first',
    path: '/api/collections/users/impersonate/abc',
    body: { duration: 'x' },
    superuser: true,
    status: 404,
    message: "The requested resource wasn't found.",
  },
  {
    name: 'collections: not JSON',
    path: '/api/collections',
    body: 'nojson',
    superuser: true,
    status: 400,
    message: 'Failed to load the collection type data due to invalid formatting.',
  },
  {
    name: 'collection update: not JSON',
    method: 'PATCH',
    path: '/api/collections/users',
    body: 'nojson',
    superuser: true,
    status: 400,
    message: 'Failed to load the submitted data due to invalid formatting.',
  },
  {
    name: 'dry-run view: a number',
    path: '/api/collections/meta/dry-run-view',
    body: { query: 5 },
    superuser: true,
    status: 400,
    message: LOADING,
  },
  {
    name: 'dry-run view: missing',
    path: '/api/collections/meta/dry-run-view',
    body: {},
    superuser: true,
    status: 400,
    message: VALIDATING,
    data: { query: required },
  },
  {
    name: 'dry-run view: bad SQL',
    path: '/api/collections/meta/dry-run-view',
    body: { query: 'select x' },
    superuser: true,
    status: 400,
    message: 'Invalid view query. Raw error: \nSQL logic error: no such column: x (1).',
  },
  {
    name: 'dry-run view: too long',
    path: '/api/collections/meta/dry-run-view',
    body: { query: 'a'.repeat(5001) },
    superuser: true,
    status: 400,
    message: VALIDATING,
    data: {
      query: {
        code: 'validation_length_too_long',
        message: 'The length must be no more than 5000.',
        params: { max: 5000, min: 0 },
      },
    },
  },
];

describe("bad bodies get PocketBase's answers", () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (s.superuser) headers.authorization = token;
    const res = await server.fetch(s.path, {
      method: s.method ?? 'POST',
      headers,
      body: typeof s.body === 'string' ? s.body : JSON.stringify(s.body),
    });
    expect(await res.json()).toEqual({ status: s.status, message: s.message, data: s.data ?? {} });
  });

  test('a form login with a numeric password: the form text stays text (PocketBase: 200)', async () => {
    const path = '/api/collections/_superusers/auth-with-password';
    const urlencoded = await server.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identity=admin%40example.com&password=1234567890',
    });
    expect(urlencoded.status).toBe(200);
    const form = new FormData();
    form.set('identity', 'admin@example.com');
    form.set('password', '1234567890');
    const multipart = await server.fetch(path, { method: 'POST', body: form });
    expect(multipart.status).toBe(200);
    expect((await multipart.json()).record.email).toBe('admin@example.com');
  });

  test('form bodies are converted as Go binds forms: text for strings, numbers for integers', async () => {
    const res = await server.fetch('/api/sql', {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=select+123',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).rows).toEqual([['123']]);
  });
});
