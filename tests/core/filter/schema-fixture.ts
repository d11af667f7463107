// Test schema for the filter compiler: plain Collection objects plus a seeded in-memory bun:sqlite db.
import { Database } from 'bun:sqlite';
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import { compileFilter } from '../../../src/core/filter/compile.ts';
import type { FilterOptions, FilterSchema, RequestInfo } from '../../../src/core/filter/schema.ts';

type FieldSpec = Partial<Field> & { name: string; type: string };

function field(f: FieldSpec): Field {
  return { id: `f_${f.name}`, system: false, hidden: false, presentable: false, ...f };
}

function coll(
  id: string,
  name: string,
  fields: FieldSpec[],
  extra: Partial<Collection> = {},
): Collection {
  return {
    id,
    name,
    type: 'base',
    system: false,
    fields: [field({ name: 'id', type: 'text', system: true }), ...fields.map(field)],
    indexes: [],
    listRule: '',
    viewRule: '',
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: '',
    updated: '',
    ...extra,
  };
}

const authFields: FieldSpec[] = [
  { name: 'password', type: 'password', hidden: true },
  { name: 'tokenKey', type: 'text', hidden: true },
  { name: 'email', type: 'email' },
  { name: 'emailVisibility', type: 'bool' },
  { name: 'verified', type: 'bool' },
];

export const users = coll(
  'c_users',
  'users',
  [
    ...authFields,
    { name: 'name', type: 'text' },
    { name: 'team', type: 'relation', collectionId: 'c_teams', maxSelect: 1 },
    { name: 'secret', type: 'text', hidden: true },
  ],
  { type: 'auth', listRule: 'verified = true' },
);
export const staff = coll('c_staff', 'staff', [...authFields, { name: 'name', type: 'text' }], {
  type: 'auth',
  listRule: null,
});
export const teams = coll('c_teams', 'teams', [
  { name: 'name', type: 'text' },
  { name: 'owner', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
]);
export const tagsColl = coll('c_tagrecs', 'tagrecs', [{ name: 'name', type: 'text' }], {
  listRule: null,
});
export const posts = coll('c_posts', 'posts', [
  { name: 'title', type: 'text' },
  { name: 'status', type: 'select', maxSelect: 1, values: ['active', 'draft'] },
  { name: 'tags', type: 'select', maxSelect: 5, values: ['news', 'tech', 'pb_a', 'pb_b'] },
  { name: 'author', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
  { name: 'members', type: 'relation', collectionId: 'c_users', maxSelect: 10 },
  { name: 'team', type: 'relation', collectionId: 'c_teams', maxSelect: 1 },
  { name: 'labels', type: 'relation', collectionId: 'c_tagrecs', maxSelect: 10 },
  { name: 'meta', type: 'json' },
  { name: 'loc', type: 'geoPoint' },
  { name: 'a', type: 'number' },
  { name: 'b', type: 'number' },
  { name: 'c', type: 'number' },
  { name: 'views', type: 'number' },
  { name: 'published', type: 'bool' },
  { name: 'files', type: 'file', maxSelect: 3 },
  { name: 'cover', type: 'file', maxSelect: 1 },
  { name: 'created', type: 'autodate' },
]);
export const comments = coll('c_comments', 'comments', [
  { name: 'post', type: 'relation', collectionId: 'c_posts', maxSelect: 1 },
  { name: 'user', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
  { name: 'body', type: 'text' },
]);
/** `profile` is one-to-one with users through a unique index: its back-relation is single. */
export const profiles = coll(
  'c_profiles',
  'profiles',
  [
    { name: 'user', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
    { name: 'bio', type: 'text' },
  ],
  { indexes: ['CREATE UNIQUE INDEX `idx_profile_user` ON `profiles` (`user`)'] },
);
export const memberships = coll('c_memberships', 'memberships', [
  { name: 'user', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
  { name: 'team', type: 'relation', collectionId: 'c_teams', maxSelect: 1 },
  { name: 'role', type: 'text' },
]);
export const m = coll('c_m', 'm', [
  { name: 'user', type: 'relation', collectionId: 'c_users', maxSelect: 1 },
  { name: 'role', type: 'text' },
]);

export const ALL = [users, staff, teams, tagsColl, posts, comments, profiles, memberships, m];

export const schema: FilterSchema = {
  find: (idOrName) =>
    ALL.find((c) => c.id === idOrName || c.name.toLowerCase() === idOrName.toLowerCase()),
};

function columnType(f: Field): string {
  if (f.type === 'number') return 'NUMERIC DEFAULT 0 NOT NULL';
  if (f.type === 'bool') return 'BOOLEAN DEFAULT FALSE NOT NULL';
  if (f.type === 'json') return 'JSON DEFAULT NULL';
  const multi = typeof f.maxSelect === 'number' && f.maxSelect > 1;
  if (multi) return "JSON DEFAULT '[]' NOT NULL";
  return "TEXT DEFAULT '' NOT NULL";
}

export type Row = Record<string, unknown>;

export const ROWS: Record<string, Row[]> = {
  users: [
    {
      id: 'u1',
      email: 'ann@x.io',
      emailVisibility: 1,
      verified: 1,
      name: 'Ann',
      team: 't1',
      secret: 's1',
    },
    { id: 'u2', email: 'bob@x.io', emailVisibility: 0, verified: 1, name: 'Bob', team: 't1' },
    { id: 'u3', email: 'cy@x.io', emailVisibility: 1, verified: 0, name: 'cy', team: 't2' },
  ],
  staff: [{ id: 's1', email: 'st@x.io', name: 'Stella' }],
  teams: [
    { id: 't1', name: 'Alpha', owner: 'u1' },
    { id: 't2', name: 'Beta', owner: 'u3' },
  ],
  tagrecs: [
    { id: 'g1', name: 'red' },
    { id: 'g2', name: 'blue' },
  ],
  posts: [
    {
      id: 'p1',
      title: 'PocketBase rocks',
      status: 'active',
      tags: '["news","tech"]',
      author: 'u1',
      members: '["u1","u2"]',
      team: 't1',
      labels: '["g1"]',
      meta: '{"score":12,"items":[{"sku":"A1"}],"name":"Xy"}',
      loc: '{"lon":23.32,"lat":42.69}',
      a: 1,
      b: 5,
      c: 5,
      views: 10,
      published: 1,
      files: '["a.png"]',
      cover: 'c.png',
      created: '2024-05-01 10:00:00.000Z',
    },
    {
      id: 'p2',
      title: 'Draft of 100% things_x',
      status: 'draft',
      tags: '["pb_a","pb_b"]',
      author: 'u2',
      members: '["u3"]',
      team: 't2',
      labels: '[]',
      meta: '{"score":5,"items":[{"sku":"B2"}]}',
      loc: '{"lon":-0.12,"lat":51.5}',
      a: 2,
      b: 2,
      c: 3,
      views: 0,
      published: 0,
      files: '[]',
      cover: '',
      created: '2024-06-15 08:30:00.000Z',
    },
    {
      id: 'p3',
      title: '',
      status: '',
      tags: '[]',
      author: '',
      members: '[]',
      team: '',
      labels: '["g1","g2"]',
      meta: null,
      loc: '{"lon":0,"lat":0}',
      a: 0,
      b: 2,
      c: 3,
      views: 3,
      published: 0,
      files: '["x.txt","y.txt"]',
      cover: '',
      created: '2023-01-01 00:00:00.000Z',
    },
    {
      id: 'p4',
      title: "O'Brien \\ %_ -- ;",
      status: 'active',
      tags: '["news"]',
      author: 'u3',
      members: '["u1","u3"]',
      team: 't1',
      labels: '[]',
      meta: '5',
      loc: '{"lon":23.3,"lat":42.7}',
      a: 3,
      b: 1,
      c: 9,
      views: -1,
      published: 1,
      files: '[]',
      cover: '',
      created: '2024-05-20 12:00:00.000Z',
    },
  ],
  comments: [
    { id: 'k1', post: 'p1', user: 'u2', body: 'nice' },
    { id: 'k2', post: 'p1', user: 'u3', body: 'ok' },
    { id: 'k3', post: 'p2', user: 'u2', body: 'nice' },
  ],
  profiles: [
    { id: 'r1', user: 'u1', bio: 'hello' },
    { id: 'r2', user: 'u2', bio: '' },
  ],
  memberships: [
    { id: 'ms1', user: 'u1', team: 't1', role: 'admin' },
    { id: 'ms2', user: 'u2', team: 't2', role: 'member' },
  ],
  m: [
    { id: 'm1', user: 'u1', role: 'member' },
    { id: 'm2', user: 'u2', role: 'admin' },
  ],
};

/** A fresh in-memory database with every test collection as a table, seeded. */
export function openDb(): Database {
  const db = new Database(':memory:');
  for (const c of ALL) {
    const cols = c.fields.map((f) =>
      f.name === 'id' ? '"id" TEXT PRIMARY KEY NOT NULL' : `"${f.name}" ${columnType(f)}`,
    );
    db.run(`CREATE TABLE "${c.name}" (${cols.join(', ')})`);
    for (const row of ROWS[c.name] ?? []) {
      const keys = Object.keys(row);
      db.query(
        `INSERT INTO "${c.name}" (${keys.map((k) => `"${k}"`).join(',')}) VALUES (${keys.map(() => '?').join(',')})`,
      ).run(...(Object.values(row) as never[]));
    }
  }
  return db;
}

export const AUTH_U1 = {
  record: { id: 'u1', email: 'ann@x.io', emailVisibility: true, verified: true, name: 'Ann' },
  collection: users,
};
export const AUTH_U2 = {
  record: { id: 'u2', email: 'bob@x.io', emailVisibility: false, verified: true, name: 'Bob' },
  collection: users,
};
export const AUTH_STAFF = {
  record: { id: 's1', email: 'st@x.io', verified: false },
  collection: staff,
};

/** Runs `filter` over `collection` and returns the matching ids, sorted. */
export function matchIds(
  db: Database,
  filter: string,
  ctx: RequestInfo = {},
  options: FilterOptions = {},
  collection: Collection = posts,
): string[] {
  const c = compileFilter(filter, collection, schema, ctx, options);
  const rows = db
    .query(`SELECT "id" FROM "${collection.name}" WHERE ${c.sql} ORDER BY "id"`)
    .all(...(c.params as never[])) as { id: string }[];
  return rows.map((r) => r.id);
}
