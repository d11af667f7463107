// Collections API against the real server with the official SDK: CRUD, validation codes, schema sync, import.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import type { CollectionModel } from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import PB_OAUTH2_PROVIDERS from '../fixtures/pocketbase/oauth2-providers.json';
import {
  dbRows,
  existingRelations,
  relationsLike,
  schemaOf,
  tableColumns,
} from '../support/db-inspect.ts';
import { describeWithFixture } from '../support/fixture.ts';
import { runScenario } from '../support/scenario.ts';
import {
  copyFixture,
  FIXTURE_TOKENS,
  startServer,
  type TestServer,
  testEngine,
} from '../support/server.ts';

/** Every field type with non-default options (collections-and-fields.md §4.2). */
const EVERY_FIELD = [
  { name: 'title', type: 'text', required: true, min: 2, max: 50, pattern: '^[a-z ]+$' },
  { name: 'slug', type: 'text', autogeneratePattern: '[a-z]{8}' },
  { name: 'body', type: 'editor', maxSize: 1000, convertURLs: true },
  { name: 'views', type: 'number', min: 0, max: 100, onlyInt: true },
  { name: 'published', type: 'bool' },
  { name: 'contact', type: 'email', onlyDomains: ['example.com'] },
  { name: 'site', type: 'url', exceptDomains: ['bad.com'] },
  { name: 'due', type: 'date', min: '2020-01-01 00:00:00.000Z', max: '' },
  { name: 'stamp', type: 'autodate', onCreate: true, onUpdate: true },
  { name: 'status', type: 'select', values: ['draft', 'live'], maxSelect: 1 },
  { name: 'tags', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
  {
    name: 'cover',
    type: 'file',
    maxSelect: 1,
    maxSize: 1024,
    mimeTypes: ['image/png'],
    thumbs: ['100x100'],
    protected: true,
  },
  { name: 'docs', type: 'file', maxSelect: 5 },
  { name: 'owner', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
  {
    name: 'readers',
    type: 'relation',
    collectionId: '_pb_users_auth_',
    maxSelect: 10,
    minSelect: 1,
    cascadeDelete: true,
  },
  { name: 'meta', type: 'json', maxSize: 2000 },
  { name: 'secret', type: 'password', min: 10, max: 50, cost: 6, hidden: true },
  { name: 'where', type: 'geoPoint', presentable: true },
];

// biome-ignore lint/suspicious/noExplicitAny: API JSON is checked field by field below.
type Json = Record<string, any>;

/** The SDK's collection calls with loose JSON types (we send partial and invalid bodies on purpose). */
const api = {
  create: (body: Json) => pb.collections.create(body) as Promise<Json>,
  update: (idOrName: string, body: Json) => pb.collections.update(idOrName, body) as Promise<Json>,
  getOne: (idOrName: string) => pb.collections.getOne(idOrName) as Promise<Json>,
  import: (list: Json[], deleteMissing = false) =>
    pb.collections.import(list as CollectionModel[], deleteMissing),
};

const rows = dbRows;
const json = testEngine === 'postgres' ? 'JSONB' : 'JSON';

async function insert(server: TestServer, sql: string, params: (string | number)[] = []) {
  await server.app.core.store.writes.run((tx) => tx.run(sql, params));
}

/** The rejected request's `{status, message, data}`. */
async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; message: string; data: Json }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError)
      return { status: err.status, message: err.response.message, data: err.response.data };
    throw err;
  }
  throw new Error('request unexpectedly succeeded');
}

/** Walks `a.b.c` into nested error data and returns the code there. */
function codeAt(data: Json, path: string): string | undefined {
  let node: Json | undefined = data;
  for (const k of path.split('.')) node = node?.[k];
  return node?.code;
}

let server: TestServer;
let pb: PocketBase;

beforeAll(async () => {
  server = await startServer();
  pb = await server.superuserClient();
});
afterAll(() => server.stop());

describe('access', () => {
  test('guests get 401', async () => {
    await runScenario(server, { name: 'guest', url: '/api/collections', status: 401 });
    await runScenario(server, {
      name: 'guest create',
      method: 'POST',
      url: '/api/collections',
      body: { name: 'x' },
      status: 401,
      hooks: [],
    });
  });
});

describe('fresh data dir', () => {
  test('has the system collections and users with PocketBase ids', async () => {
    const list = await pb.collections.getFullList();
    const byName = Object.fromEntries(list.map((c) => [c.name, c]));
    expect(byName._superusers?.id).toBe('pbc_3142635823');
    expect(byName._externalAuths?.id).toBe('pbc_2281828961');
    expect(byName._mfas?.id).toBe('pbc_2279338944');
    expect(byName._otps?.id).toBe('pbc_1638494021');
    expect(byName._authOrigins?.id).toBe('pbc_4275539003');
    const users = byName.users!;
    expect(users.id).toBe('_pb_users_auth_');
    expect(users.listRule).toBe('id = @request.auth.id');
    expect(users.createRule).toBe('');
    expect(users.fields.map((f: { id: string }) => f.id)).toEqual([
      'text3208210256',
      'password901924565',
      'text2504183744',
      'email3885137012',
      'bool1547992806',
      'bool256245529',
      'text1579384326',
      'file376926767',
      'autodate2990389176',
      'autodate3332085495',
    ]);
    expect(users.indexes).toEqual([
      'CREATE UNIQUE INDEX `idx_tokenKey__pb_users_auth_` ON `users` (`tokenKey`)',
      "CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (`email`) WHERE `email` != ''",
    ]);
    expect(users.oauth2).toEqual({
      providers: [],
      mappedFields: { id: '', name: 'name', username: '', avatarURL: 'avatar' },
      enabled: false,
    });
    expect(users.authToken).toEqual({ duration: 432000 });
    expect(byName._superusers?.authToken).toEqual({ duration: 86400 });
    expect(byName._externalAuths?.listRule).toBe(
      "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId",
    );
    expect(JSON.stringify(list)).not.toContain('secret');
  });
});

describe('create', () => {
  test('base collection with every field type and its options', async () => {
    const c = await api.create({ name: 'posts', fields: EVERY_FIELD });
    expect(c.id).toMatch(/^pbc_\d+$/);
    expect(c.type).toBe('base');
    expect(c.fields[0]).toMatchObject({ name: 'id', id: 'text3208210256', primaryKey: true });
    for (const f of EVERY_FIELD) {
      const got = c.fields.find((x: { name: string }) => x.name === f.name);
      expect(got).toMatchObject(f);
      expect(got.id).toMatch(new RegExp(`^${f.type}\\d+$`));
    }
    const title = c.fields.find((x: { name: string }) => x.name === 'title');
    expect(Object.keys(title)).toEqual([...Object.keys(title)].sort());
    const [table] = schemaOf(server, 'posts');
    const cols = [...table!.sql.matchAll(/[(,]\s*`(\w+)` /g)].map((m) => m[1]);
    expect(cols).toEqual([...cols].sort());
    expect(table!.sql).toContain(`\`tags\` ${json} DEFAULT`);
    expect(table!.sql).toContain(`\`where\` ${json} DEFAULT`);
    const again = await api.getOne('posts');
    expect(again).toEqual(c);
  });

  test('fires the create hooks', async () => {
    await runScenario(server, {
      name: 'hooks',
      method: 'POST',
      url: '/api/collections',
      auth: pb.authStore.token,
      body: { name: 'hooked', fields: [{ name: 'x', type: 'text' }] },
      status: 200,
      contains: ['"name":"hooked"'],
      hooks: ['onCollectionCreate', 'onCollectionAfterCreateSuccess'],
    });
  });

  test('auth collection gets the system fields, unique indexes and default options', async () => {
    const c = await api.create({
      name: 'members',
      type: 'auth',
      fields: [{ name: 'nick', type: 'text' }],
      passwordAuth: { enabled: true, identityFields: ['email'] },
      otp: { enabled: true },
      mfa: { enabled: true },
    });
    // PocketBase's order: id first, the fields as sent, then the other system fields.
    expect(c.fields.map((f: { name: string }) => f.name)).toEqual([
      'id',
      'nick',
      'password',
      'tokenKey',
      'email',
      'emailVisibility',
      'verified',
    ]);
    expect(c.indexes).toEqual([
      `CREATE UNIQUE INDEX \`idx_tokenKey_${c.id}\` ON \`members\` (\`tokenKey\`)`,
      `CREATE UNIQUE INDEX \`idx_email_${c.id}\` ON \`members\` (\`email\`) WHERE \`email\` != ''`,
    ]);
    expect(c.otp).toMatchObject({ enabled: true, duration: 180, length: 8 });
    expect(c.mfa).toEqual({ enabled: true, duration: 600, rule: '' });
    expect(c.verificationTemplate.body).toContain(
      '{APP_URL}/_/#/auth/confirm-verification/{TOKEN}',
    );
    expect(JSON.stringify(c)).not.toContain('secret');
    const [row] = rows(server, "SELECT options FROM _collections WHERE name = 'members'");
    const options = JSON.parse(String(row!.options));
    for (const k of [
      'authToken',
      'passwordResetToken',
      'emailChangeToken',
      'verificationToken',
      'fileToken',
    ])
      expect(options[k].secret).toMatch(/^[A-Za-z0-9]{50}$/);
    const idx = schemaOf(server, 'members').filter((s) => s.type === 'index');
    expect(idx.map((i) => i.name).sort()).toEqual(
      [`idx_email_${c.id}`, `idx_tokenKey_${c.id}`].sort(),
    );
  });

  test('view collection infers its fields', async () => {
    const v = await api.create({
      name: 'post_stats',
      type: 'view',
      listRule: '',
      viewQuery:
        'SELECT p.id, p.title AS heading, p.owner, u.id AS author, count(p.id) AS n, CAST(p.views AS REAL) AS v, p.views + 1 AS expr FROM posts p LEFT JOIN users u ON u.id = p.owner GROUP BY p.id, u.id',
    });
    const byName = Object.fromEntries(v.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.id).toMatchObject({ type: 'text', primaryKey: true, id: 'text3208210256' });
    expect(byName.heading).toMatchObject({ type: 'text', min: 2, max: 50 });
    expect(byName.heading.id).toMatch(/^_clone_/);
    expect(byName.owner).toMatchObject({ type: 'relation', collectionId: '_pb_users_auth_' });
    expect(byName.author).toMatchObject({
      type: 'relation',
      collectionId: '_pb_users_auth_',
      maxSelect: 1,
    });
    expect(byName.n).toMatchObject({ type: 'number', onlyInt: true });
    expect(byName.v).toMatchObject({ type: 'number' });
    expect(byName.expr).toMatchObject({ type: 'json' });
    // PostgreSQL keeps the parsed query (its own rewrite), SQLite the text.
    expect(schemaOf(server, 'post_stats')[0]!.sql).toContain(
      testEngine === 'postgres' ? 'FROM ( SELECT p.id' : 'AS SELECT * FROM (SELECT p.id',
    );
  });

  test('client-supplied id is kept', async () => {
    const c = await api.create({ id: 'my_custom_id', name: 'custom' });
    expect(c.id).toBe('my_custom_id');
  });
});

type Case = [name: string, body: Record<string, unknown>, path: string, code: string];

const CREATE_ERRORS: Case[] = [
  ['missing name', {}, 'name', 'validation_required'],
  ['bad name', { name: 'a b' }, 'name', 'validation_match_invalid'],
  ['name with _via_', { name: 'a_via_b' }, 'name', 'validation_found_via'],
  ['name taken (case-insensitive)', { name: 'USERS' }, 'name', 'validation_collection_name_exists'],
  ['name of an internal table', { name: '_params' }, 'name', 'validation_collection_name_invalid'],
  [
    'name equal to a collection id',
    { name: '_pb_users_auth_' },
    'name',
    'validation_collection_name_id_duplicate',
  ],
  ['unknown type', { name: 'x1', type: 'nope' }, 'type', 'validation_in_invalid'],
  ['bad id', { name: 'x2', id: 'a-b' }, 'id', 'validation_match_invalid'],
  ['taken id', { name: 'x3', id: '_pb_users_auth_' }, 'id', 'validation_invalid_id'],
  [
    'duplicated field name',
    {
      name: 'x4',
      fields: [
        { name: 'a', type: 'text' },
        { name: 'A', type: 'bool' },
      ],
    },
    'fields.2.name',
    'validation_duplicated_field_name',
  ],
  [
    'invalid field name',
    { name: 'x6', fields: [{ name: 'a-b', type: 'text' }] },
    'fields.1.name',
    'validation_match_invalid',
  ],
  [
    'unknown field type',
    { name: 'x7', fields: [{ name: 'a', type: 'nope' }] },
    'fields.1.type',
    'validation_in_invalid',
  ],
  // As in PocketBase: the system `id`/`password` fields are added anyway, so the name clashes.
  [
    'id of the wrong type',
    { name: 'x8', fields: [{ name: 'id', type: 'number' }] },
    'fields.1.name',
    'validation_duplicated_field_name',
  ],
  [
    'reserved auth field name',
    { name: 'x9', type: 'auth', fields: [{ name: 'passwordConfirm', type: 'text' }] },
    'fields.1.name',
    'validation_reserved_field_name',
  ],
  [
    'relation to a missing collection',
    { name: 'x11', fields: [{ name: 'r', type: 'relation', collectionId: 'nope' }] },
    'fields.1.collectionId',
    'validation_field_relation_missing_collection',
  ],
  [
    'view with a create rule',
    { name: 'x12', type: 'view', viewQuery: 'select id from users', createRule: '' },
    'createRule',
    'validation_nil',
  ],
  ['view without query', { name: 'x13', type: 'view' }, 'viewQuery', 'validation_required'],
  [
    'view with a broken query',
    { name: 'x14', type: 'view', viewQuery: 'select nope from users' },
    'viewQuery',
    'validation_invalid_view_query',
  ],
  [
    'view without id',
    { name: 'x15', type: 'view', viewQuery: 'select email from users' },
    'viewQuery',
    'validation_invalid_view_query',
  ],
  [
    'view with a wildcard',
    { name: 'x16', type: 'view', viewQuery: 'select * from users' },
    'viewQuery',
    'validation_invalid_view_query',
  ],
  [
    'view with two statements',
    { name: 'x17', type: 'view', viewQuery: 'select id from users; drop table users' },
    'viewQuery',
    'validation_invalid_view_query',
  ],
  [
    'view with indexes',
    {
      name: 'x18',
      type: 'view',
      viewQuery: 'select id from users',
      indexes: ['CREATE INDEX i ON x (id)'],
    },
    'indexes',
    'validation_indexes_not_supported',
  ],
  [
    'invalid index',
    { name: 'x19', indexes: ['CREATE TABLE nope (a)'] },
    'indexes.0',
    'validation_invalid_index_expression',
  ],
  [
    'index with two statements',
    { name: 'x20', indexes: ['CREATE INDEX i1 ON x (id); DROP TABLE users'] },
    'indexes.0',
    'validation_invalid_index_expression',
  ],
  [
    'index on an unknown column',
    { name: 'x21', indexes: ['CREATE INDEX i2 ON x (nope)'] },
    'indexes.0',
    'validation_invalid_index_expression',
  ],
  [
    'duplicated index name',
    { name: 'x22', indexes: ['CREATE INDEX i3 ON x (id)', 'CREATE UNIQUE INDEX i3 ON x (id)'] },
    'indexes.1',
    'validation_duplicated_index_name',
  ],
  [
    'index name used by another table',
    { name: 'x23', indexes: ['CREATE INDEX idx_email__pb_users_auth_ ON x (id)'] },
    'indexes.0',
    'validation_existing_index_name',
  ],
  [
    'token duration too short',
    { name: 'x24', type: 'auth', authToken: { duration: 5 } },
    'authToken.duration',
    'validation_min_greater_equal_than_required',
  ],
  [
    'token secret too short',
    { name: 'x25', type: 'auth', fileToken: { secret: 'short' } },
    'fileToken.secret',
    'validation_length_out_of_range',
  ],
  [
    'mfa with one auth method',
    { name: 'x26', type: 'auth', mfa: { enabled: true } },
    'mfa.enabled',
    'validation_mfa_not_enough_auths',
  ],
  [
    'otp too short',
    { name: 'x27', type: 'auth', otp: { enabled: true, length: 2 } },
    'otp.length',
    'validation_min_greater_equal_than_required',
  ],
  [
    'identity field without a unique index',
    {
      name: 'x28',
      type: 'auth',
      fields: [{ name: 'nick', type: 'text' }],
      passwordAuth: { enabled: true, identityFields: ['nick'] },
    },
    'passwordAuth.identityFields',
    'validation_missing_unique_constraint',
  ],
  [
    'unknown oauth2 provider',
    {
      name: 'x29',
      type: 'auth',
      oauth2: { enabled: true, providers: [{ name: 'nope', clientId: 'a', clientSecret: 'b' }] },
    },
    'oauth2.providers.0.name',
    'validation_missing_provider',
  ],
  [
    'duplicated oauth2 provider',
    {
      name: 'x30',
      type: 'auth',
      oauth2: {
        enabled: true,
        providers: [
          { name: 'google', clientId: 'a', clientSecret: 'b' },
          { name: 'google', clientId: 'a', clientSecret: 'b' },
        ],
      },
    },
    'oauth2.providers.1.name',
    'validation_duplicated_provider',
  ],
  [
    'oauth2 provider without client secret',
    {
      name: 'x31',
      type: 'auth',
      oauth2: { enabled: true, providers: [{ name: 'github', clientId: 'a' }] },
    },
    'oauth2.providers.0.clientSecret',
    'validation_required',
  ],
  [
    'empty manageRule',
    { name: 'x32', type: 'auth', manageRule: '' },
    'manageRule',
    'validation_nil_or_not_empty_required',
  ],
];

describe('create validation', () => {
  for (const [name, body, path, code] of CREATE_ERRORS) {
    test(name, async () => {
      const err = await failure(api.create(body));
      expect(err.status).toBe(400);
      expect(err.message).toBe('Failed to create collection.');
      expect({ path, code: codeAt(err.data, path) }).toEqual({ path, code });
    });
  }

  // PocketBase 0.40.4: a view without fields (no query, or a broken one) also fails `fields`.
  test('a view without a usable query: fields and viewQuery both reported', async () => {
    for (const [name, viewQuery, code] of [
      ['xv1', '', 'validation_required'],
      ['xv2', 'select nope from users', 'validation_invalid_view_query'],
    ]) {
      const err = await failure(api.create({ name, type: 'view', viewQuery }));
      expect(Object.keys(err.data)).toEqual(['fields', 'viewQuery']);
      expect(codeAt(err.data, 'fields')).toBe('validation_required');
      expect(codeAt(err.data, 'viewQuery')).toBe(code);
    }
    const err = await failure(
      api.create({ name: 'xv3', type: 'view', viewQuery: 'select nope from users' }),
    );
    // PocketBase's driver wording of SQLite's error; PostgreSQL's own words on that engine.
    expect(err.data.viewQuery.message).toBe(
      testEngine === 'postgres'
        ? 'Invalid query - column "nope" does not exist.'
        : 'Invalid query - SQL logic error: no such column: nope (1).',
    );
  });

  test('nothing of a rejected collection is stored', async () => {
    expect(rows(server, "SELECT name FROM _collections WHERE name LIKE 'x%'")).toEqual([]);
    expect(relationsLike(server, 'x%')).toEqual([]);
  });

  test('a rule that is not a string is a formatting error', async () => {
    const err = await failure(api.create({ name: 'y1', listRule: 5 }));
    expect(err.status).toBe(400);
    expect(err.message).toBe('Failed to load the submitted data due to invalid formatting.');
  });
});

describe('update', () => {
  test('add, rename, drop and retype fields keeps the data', async () => {
    const c = await api.create({
      name: 'notes',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'old', type: 'text' },
        { name: 'tag', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
        { name: 'labels', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
      ],
      indexes: ['CREATE INDEX idx_notes_title ON notes (title)'],
    });
    await insert(
      server,
      "INSERT INTO notes (id, title, old, tag, labels) VALUES ('n1', 'hello', 'x', 'b', '[\"a\",\"c\"]')",
    );
    await insert(
      server,
      "INSERT INTO notes (id, title, old, tag, labels) VALUES ('n2', 'empty', '', '', '[]')",
    );
    const f = Object.fromEntries(c.fields.map((x: { name: string }) => [x.name, x]));
    const u = await api.update('notes', {
      fields: [
        f.id,
        { ...f.title, name: 'heading' },
        { ...f.tag, maxSelect: 2 },
        { ...f.labels, maxSelect: 1 },
        { name: 'extra', type: 'number' },
      ],
    });
    expect(u.fields.map((x: { name: string }) => x.name)).toEqual([
      'id',
      'heading',
      'tag',
      'labels',
      'extra',
    ]);
    expect(u.fields[1].id).toBe(f.title.id);
    expect(u.indexes).toEqual(['CREATE INDEX `idx_notes_title` ON `notes` (`heading`)']);
    expect(rows(server, 'SELECT id, heading, tag, labels, extra FROM notes ORDER BY id')).toEqual([
      { id: 'n1', heading: 'hello', tag: '["b"]', labels: 'c', extra: 0 },
      { id: 'n2', heading: 'empty', tag: '[]', labels: '', extra: 0 },
    ]);
    const cols = tableColumns(server, 'notes');
    expect(cols).not.toContain('old');
    expect(cols).not.toContain('title');
  });

  test('swapping two field names keeps each value with its field', async () => {
    const c = await api.create({
      name: 'swap',
      fields: [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ],
    });
    await insert(server, "INSERT INTO swap (id, a, b) VALUES ('s1', 'A', 'B')");
    const [, a, b] = c.fields;
    await api.update('swap', {
      fields: [c.fields[0], { ...a, name: 'b' }, { ...b, name: 'a' }],
    });
    expect(rows(server, 'SELECT a, b FROM swap')).toEqual([{ a: 'B', b: 'A' }]);
  });

  test('fields sent without ids are matched by name and type', async () => {
    await api.create({ name: 'byname', fields: [{ name: 'a', type: 'text' }] });
    await insert(server, "INSERT INTO byname (id, a) VALUES ('b1', 'kept')");
    await api.update('byname', {
      fields: [
        { name: 'a', type: 'text', max: 10 },
        { name: 'c', type: 'bool' },
      ],
    });
    expect(rows(server, 'SELECT a, c FROM byname')).toEqual([{ a: 'kept', c: 0 }]);
  });

  test('renaming a collection renames its table and follows into views', async () => {
    await api.create({ name: 'books', fields: [{ name: 'title', type: 'text' }] });
    await insert(server, "INSERT INTO books (id, title) VALUES ('b1', 'Dune')");
    await api.create({
      name: 'book_titles',
      type: 'view',
      viewQuery: 'select id, title from books',
    });
    const renamed = await api.update('books', { name: 'novels' });
    expect(renamed.name).toBe('novels');
    expect(rows(server, 'SELECT title FROM novels')).toEqual([{ title: 'Dune' }]);
    expect(existingRelations(server, ['books'])).toEqual([]);
    const view = await api.getOne('book_titles');
    expect(view.viewQuery).toContain('novels');
    expect(rows(server, 'SELECT title FROM book_titles')).toEqual([{ title: 'Dune' }]);
  });

  test('changing a view query re-infers its fields and recreates the view', async () => {
    const v = await api.update('book_titles', {
      viewQuery: 'select id, title as name, 1 as one from novels',
    });
    expect(v.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name', 'one']);
    expect(rows(server, 'SELECT name FROM book_titles')).toEqual([{ name: 'Dune' }]);
  });

  test('dropping a field a view uses is refused', async () => {
    const books = await api.getOne('novels');
    const err = await failure(
      api.update('novels', {
        fields: books.fields.filter((f: { name: string }) => f.name !== 'title'),
      }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Failed to update collection.');
    expect(rows(server, 'SELECT title FROM novels')).toEqual([{ title: 'Dune' }]);
  });

  test('indexes are created and dropped in sqlite_master', async () => {
    await api.update('novels', {
      indexes: [
        'CREATE UNIQUE INDEX idx_novel_title ON whatever (title)',
        'CREATE INDEX idx_novel_id ON novels (id, title DESC)',
      ],
    });
    const names = () =>
      schemaOf(server, 'novels')
        .filter((s) => s.type === 'index')
        .map((s) => s.name)
        .sort();
    expect(names()).toEqual(['idx_novel_id', 'idx_novel_title']);
    const unique = schemaOf(server, 'novels').find((s) => s.name === 'idx_novel_title')!;
    expect(unique.sql).toStartWith(
      testEngine === 'postgres'
        ? 'CREATE UNIQUE INDEX idx_novel_title ON public.novels'
        : 'CREATE UNIQUE INDEX `idx_novel_title` ON `novels`',
    );
    const c = await api.getOne('novels');
    // Written for another table: rebuilt on this one in PocketBase's format (Index.Build()).
    expect(c.indexes[0]).toBe('CREATE UNIQUE INDEX `idx_novel_title` ON `novels` (`title`)');
    expect(c.indexes[1]).toBe('CREATE INDEX idx_novel_id ON novels (id, title DESC)');
    await api.update('novels', {
      indexes: ['CREATE INDEX idx_novel_id ON novels (id)'],
    });
    expect(names()).toEqual(['idx_novel_id']);
    await insert(server, "INSERT INTO novels (id, title) VALUES ('b2', 'Dune')");
    const err = await failure(
      api.update('novels', { indexes: ['CREATE UNIQUE INDEX idx_u ON novels (title)'] }),
    );
    expect(codeAt(err.data, 'indexes.0')).toBe('validation_invalid_index_expression');
    expect(names()).toEqual(['idx_novel_id']);
  });

  test('changing authRule rotates the auth token secret', async () => {
    const secret = () =>
      JSON.parse(
        String(rows(server, "SELECT options FROM _collections WHERE name = 'members'")[0]!.options),
      ).authToken.secret;
    const before = secret();
    await api.update('members', { otp: { duration: 300 } });
    expect(secret()).toBe(before);
    await api.update('members', { authRule: 'verified = true' });
    expect(secret()).not.toBe(before);
  });

  test('partial options merge over the stored ones', async () => {
    const c = await api.update('members', { otp: { length: 6 } });
    expect(c.otp).toMatchObject({ enabled: true, duration: 300, length: 6 });
  });

  const UPDATE_ERRORS: [string, string, Record<string, unknown>, string, string][] = [
    ['type change', 'notes', { type: 'auth' }, 'type', 'validation_collection_type_change'],
    [
      'system collection rename',
      '_superusers',
      { name: 'admins' },
      'name',
      'validation_collection_system_name_change',
    ],
    [
      'system collection rule change',
      '_superusers',
      { listRule: '' },
      'listRule',
      'validation_collection_system_rule_change',
    ],
    [
      'system flag change',
      'notes',
      { system: true },
      'system',
      'validation_collection_system_flag_change',
    ],
    [
      'system field rename',
      'users',
      { fields: [{ id: 'email3885137012', name: 'mail', type: 'email' }] },
      'fields',
      'validation_system_field_change',
    ],
    ['name taken', 'notes', { name: 'users' }, 'name', 'validation_collection_name_exists'],
  ];
  for (const [name, target, body, path, code] of UPDATE_ERRORS) {
    test(`refused: ${name}`, async () => {
      const err = await failure(api.update(target, body));
      expect(err.status).toBe(400);
      expect(err.message).toBe('Failed to update collection.');
      expect({ path, code: codeAt(err.data, path) }).toEqual({ path, code });
    });
  }

  test('refused: changing the type of a field', async () => {
    const c = await api.getOne('notes');
    const extra = c.fields.find((f: { name: string }) => f.name === 'extra');
    const fields = c.fields.map((f: { name: string }) =>
      f.name === 'extra' ? { ...extra, type: 'bool' } : f,
    );
    const err = await failure(api.update('notes', { fields }));
    const i = fields.findIndex((f: { name: string }) => f.name === 'extra');
    expect(codeAt(err.data, `fields.${i}`)).toBe('validation_field_type_change');
  });

  test('fires the update hooks and applies ?fields=', async () => {
    await runScenario(server, {
      name: 'update hooks',
      method: 'PATCH',
      url: '/api/collections/notes?fields=name,listRule',
      auth: pb.authStore.token,
      body: { listRule: '' },
      status: 200,
      contains: ['{"listRule":"","name":"notes"}'],
      hooks: ['onCollectionUpdate', 'onCollectionAfterUpdateSuccess'],
    });
  });

  test('404 for an unknown collection', async () => {
    const err = await failure(api.update('nope_nope', { name: 'x' }));
    expect(err.status).toBe(404);
  });
});

describe('truncate and delete', () => {
  test('truncate removes every record', async () => {
    await insert(server, "INSERT INTO swap (id, a, b) VALUES ('s2', 'x', 'y')");
    expect(await pb.collections.truncate('swap')).toBe(true);
    expect(rows(server, 'SELECT * FROM swap')).toEqual([]);
  });

  test('truncate of a referenced collection applies the cascade rules', async () => {
    const parents = await api.create({ name: 'parents', fields: [{ name: 'n', type: 'text' }] });
    await api.create({
      name: 'kids',
      fields: [
        {
          name: 'parent',
          type: 'relation',
          collectionId: parents.id,
          maxSelect: 1,
          cascadeDelete: true,
        },
      ],
    });
    await insert(
      server,
      "INSERT INTO parents (id, n) VALUES ('p1aaaaaaaaaaaaa', 'a'), ('p2aaaaaaaaaaaaa', 'b')",
    );
    await insert(
      server,
      "INSERT INTO kids (id, parent) VALUES ('k1aaaaaaaaaaaaa', 'p1aaaaaaaaaaaaa')",
    );
    expect(await pb.collections.truncate('parents')).toBe(true);
    expect(rows(server, 'SELECT count(*) AS n FROM parents')).toEqual([{ n: 0 }]);
    expect(rows(server, 'SELECT count(*) AS n FROM kids')).toEqual([{ n: 0 }]);
    await pb.collections.delete('kids');
    await pb.collections.delete('parents');
  });

  test('truncate of a view is refused', async () => {
    const err = await failure(pb.collections.truncate('book_titles'));
    expect(err.status).toBe(400);
  });

  test('deleting a system collection is refused', async () => {
    const err = await failure(pb.collections.delete('_superusers'));
    expect(err.status).toBe(400);
    expect(err.message).toStartWith('Failed to delete collection');
  });

  test('deleting a referenced collection is refused and names the referrers', async () => {
    const err = await failure(pb.collections.delete('users'));
    expect(err.status).toBe(400);
    expect(err.message).toContain('posts');
  });

  test('deleting a collection a view reads from is refused', async () => {
    const err = await failure(pb.collections.delete('novels'));
    expect(err.status).toBe(400);
    expect(err.message).toContain('book_titles');
    expect(rows(server, 'SELECT count(*) AS n FROM novels')).toEqual([{ n: 2 }]);
  });

  test('delete drops the table and fires the delete hooks', async () => {
    await runScenario(server, {
      name: 'delete',
      method: 'DELETE',
      url: '/api/collections/swap',
      auth: pb.authStore.token,
      status: 204,
      hooks: ['onCollectionDelete', 'onCollectionAfterDeleteSuccess'],
    });
    expect(existingRelations(server, ['swap'])).toEqual([]);
    expect((await failure(api.getOne('swap'))).status).toBe(404);
  });
});

describe('import', () => {
  test('creates and merges collections, views after tables', async () => {
    const notes = await api.getOne('notes');
    await api.import([
      { name: 'imp_view', type: 'view', viewQuery: 'select id, label from imp_a' },
      {
        name: 'imp_a',
        fields: [
          { name: 'label', type: 'text' },
          { name: 'b', type: 'relation', collectionId: 'imp_b_id' },
        ],
      },
      { id: 'imp_b_id', name: 'imp_b', fields: [{ name: 'n', type: 'number' }] },
      { id: notes.id, name: 'notes', fields: [{ name: 'added', type: 'bool' }] },
    ]);
    const list = await pb.collections.getFullList();
    const names = list.map((c) => c.name);
    expect(names).toContain('imp_a');
    expect(names).toContain('imp_view');
    expect(names).toContain('posts');
    const merged = list.find((c) => c.name === 'notes')!;
    // PocketBase appends the fields an import leaves out after the ones it sends, id included.
    expect(merged.fields.map((f: { name: string }) => f.name)).toEqual([
      'added',
      'id',
      'heading',
      'tag',
      'labels',
      'extra',
    ]);
  });

  test('a failing item rolls back the whole import', async () => {
    const err = await failure(
      api.import([
        { name: 'imp_ok', fields: [] },
        { name: 'bad name', fields: [] },
      ]),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Failed to import collections.');
    expect(codeAt(err.data, 'collections')).toBe('validation_collections_import_failure');
    expect(rows(server, "SELECT name FROM _collections WHERE name = 'imp_ok'")).toEqual([]);
    // PocketBase 0.40.4's answer, word for word: the first failing collection, its errors as
    // ozzo-validation marshals them.
    const bad = await failure(
      api.import([
        { name: 'imp_ok', fields: [] },
        {
          name: 'bad name',
          fields: [
            { name: 'x', type: 'text', max: -1 },
            { name: 'r', type: 'relation', collectionId: 'nope' },
          ],
        },
      ]),
    );
    expect(bad.data.collections.message).toBe(
      'Data validations failed for collection "bad name" (pbc_3080758453):\n' +
        JSON.stringify(
          {
            fields: {
              '1': { max: 'must be no less than 0' },
              '2': { collectionId: "The relation collection doesn't exist." },
            },
            name: 'must be in a valid format',
          },
          null,
          2,
        ) +
        '.',
    );
  });

  test('deleteMissing removes the other non-system collections and missing fields', async () => {
    const keep = await pb.collections.getFullList();
    const users = keep.find((c) => c.name === 'users')!;
    const posts = keep.find((c) => c.name === 'posts')!;
    await api.import(
      [
        { ...users, fields: users.fields.filter((f: { name: string }) => f.name !== 'avatar') },
        { ...posts, fields: posts.fields.filter((f: { name: string }) => f.name !== 'meta') },
      ],
      true,
    );
    const after = await pb.collections.getFullList();
    expect(after.map((c) => c.name).sort()).toEqual(
      ['_authOrigins', '_externalAuths', '_mfas', '_otps', '_superusers', 'posts', 'users'].sort(),
    );
    expect(
      after.find((c) => c.name === 'users')!.fields.map((f: { name: string }) => f.name),
    ).not.toContain('avatar');
    expect(existingRelations(server, ['notes', 'imp_a', 'imp_view'])).toEqual([]);
    const cols = tableColumns(server, 'posts');
    expect(cols).not.toContain('meta');
  });
});

describe('list and meta', () => {
  test('sort, filter, paging and skipTotal', async () => {
    const page = await pb.collections.getList(1, 2, {
      sort: '-name',
      filter: "system = false || name ~ 'auth'",
    });
    expect(page.items.map((c) => c.name)).toEqual(['users', 'posts']);
    expect(page.totalItems).toBe(4);
    expect(page.totalPages).toBe(2);
    const res = await server.fetch('/api/collections?skipTotal=1&perPage=5000&sort=type,name', {
      headers: { authorization: pb.authStore.token },
    });
    const body = (await res.json()) as {
      perPage: number;
      totalItems: number;
      items: { name: string }[];
    };
    expect(body.perPage).toBe(1000);
    expect(body.totalItems).toBe(-1);
    expect(body.items[0]!.name).toBe('_superusers');
    const bad = await server.fetch('/api/collections?sort=nope', {
      headers: { authorization: pb.authStore.token },
    });
    expect(bad.status).toBe(400);
    const badFilter = await server.fetch(
      `/api/collections?filter=${encodeURIComponent('fields ~ 1')}`,
      {
        headers: { authorization: pb.authStore.token },
      },
    );
    expect(badFilter.status).toBe(400);
  });

  test('scaffolds', async () => {
    const s = (await pb.collections.getScaffolds()) as Json;
    expect(Object.keys(s).sort()).toEqual(['auth', 'base', 'view']);
    expect(s.base).toMatchObject({ id: '', name: '', type: 'base' });
    expect(s.base.fields.map((f: { name: string }) => f.name)).toEqual(['id']);
    expect(s.view).toMatchObject({ type: 'view', viewQuery: '', fields: [] });
    // PocketBase 0.40.4: {base, auth, view}, both auth indexes named with one lowercase random id.
    expect(Object.keys(s)).toEqual(['base', 'auth', 'view']);
    const suffix = /^CREATE UNIQUE INDEX `idx_tokenKey_([a-z0-9]{10})` ON `` \(`tokenKey`\)$/.exec(
      s.auth.indexes[0],
    )?.[1];
    expect(s.auth.indexes[1]).toBe(
      `CREATE UNIQUE INDEX \`idx_email_${suffix}\` ON \`\` (\`email\`) WHERE \`email\` != ''`,
    );
    expect(JSON.stringify(s)).not.toContain('secret');
  });

  test("oauth2 providers: PocketBase's list, real logos included", async () => {
    const list = await pb.collections.getAllOAuth2Providers();
    expect(list).toEqual(PB_OAUTH2_PROVIDERS);
  });

  test('dry-run view', async () => {
    const res = (await pb.collections.dryRunViewQuery(
      'select id, email from users',
    )) as unknown as {
      fields: { name: string; type: string }[];
      sample: unknown[];
    };
    expect(res.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'text'],
      ['email', 'email'],
    ]);
    expect(res.sample).toEqual([]);
    const err = await failure(pb.collections.dryRunViewQuery('select nope'));
    expect(err.status).toBe(400);
    expect(err.message).toStartWith('Invalid view query');
  });
});

describe('restart', () => {
  test('everything is still there after a restart on the same dir', async () => {
    const before = await pb.collections.getFullList();
    await server.stop(true);
    server = await startServer({ dir: server.dir });
    pb = await server.superuserClient();
    const after = await pb.collections.getFullList();
    expect(after).toEqual(before);
    expect(rows(server, 'SELECT count(*) AS n FROM _collections')).toEqual([{ n: before.length }]);
  });
});

describeWithFixture('PocketBase fixture', () => {
  let fx: TestServer;
  beforeAll(async () => {
    fx = await startServer({ dir: copyFixture() });
  });
  afterAll(() => fx.stop());

  test('lists the 16 collections in PocketBase shape without secrets', async () => {
    const client = await fx.superuserClient();
    const list = await client.collections.getFullList();
    expect(list.length).toBe(16);
    const users = list.find((c) => c.name === 'users')!;
    expect(Object.keys(users)).toEqual([
      'id',
      'listRule',
      'viewRule',
      'createRule',
      'updateRule',
      'deleteRule',
      'name',
      'type',
      'fields',
      'indexes',
      'created',
      'updated',
      'system',
      'authRule',
      'manageRule',
      'authAlert',
      'oauth2',
      'passwordAuth',
      'mfa',
      'otp',
      'authToken',
      'passwordResetToken',
      'emailChangeToken',
      'verificationToken',
      'fileToken',
      'verificationTemplate',
      'resetPasswordTemplate',
      'confirmEmailChangeTemplate',
    ]);
    expect(users.oauth2.providers.map((p: { name: string }) => p.name)).toEqual([
      'gitlab',
      'google',
    ]);
    expect(JSON.stringify(list)).not.toContain('secret');
    expect(JSON.stringify(list)).not.toContain('clientSecret');
    const view1 = list.find((c) => c.name === 'view1')!;
    expect(view1.viewQuery).toStartWith('select id, text, bool');
  });

  test('a regular user is refused', async () => {
    await runScenario(fx, {
      name: 'user',
      url: '/api/collections',
      auth: FIXTURE_TOKENS.user,
      status: 403,
    });
  });

  test('infers the fixture views like PocketBase did', async () => {
    const client = await fx.superuserClient();
    for (const name of ['view1', 'view2', 'numeric_id_view']) {
      const stored = await client.collections.getOne(name);
      const dry = (await client.collections.dryRunViewQuery(stored.viewQuery)) as unknown as {
        fields: { name: string; type: string; collectionId?: string }[];
        sample: Record<string, unknown>[];
      };
      const shape = (fs: { name: string; type: string; collectionId?: string }[]) =>
        fs.map((f) => `${f.name}:${f.type}:${f.collectionId ?? ''}`);
      expect(shape(dry.fields)).toEqual(shape(stored.fields));
      expect(dry.sample.length).toBeGreaterThan(0);
    }
  });

  test('updating an adopted collection keeps its data', async () => {
    const client = await fx.superuserClient();
    const demo2 = await client.collections.getOne('demo2');
    const updated = await client.collections.update('demo2', {
      fields: [...demo2.fields, { name: 'extra_note', type: 'text' }],
    });
    expect(updated.fields.at(-1)?.name).toBe('extra_note');
    const records = rows(fx, 'SELECT title FROM demo2 ORDER BY title');
    expect(records.length).toBe(3);
  });
});
