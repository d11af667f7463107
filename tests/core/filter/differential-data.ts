// The differential test's database: the compiler fixture's rows plus awkward ones, as SQLite and PostgreSQL DDL.
import type { Collection, Field } from '../../../src/core/collections/model.ts';
import { getFieldKind } from '../../../src/core/fields/index.ts';
import { isMultiple } from '../../../src/core/filter/schema.ts';
import { ROWS, type Row } from './schema-fixture.ts';

/** Extra rows: NULL/'' JSON, unicode and mixed case, numbers as text, nested and non-array JSON, odd dates. */
const EXTRA: Record<string, Row[]> = {
  users: [
    { id: 'u4', email: 'Mixed@X.io', emailVisibility: 1, verified: 0, name: 'ÉMILE', team: '' },
    { id: 'u5', email: '', emailVisibility: 0, verified: 1, name: 'émile', team: 'tX' },
  ],
  teams: [{ id: 't3', name: 'alpha', owner: '' }],
  posts: [
    {
      id: 'p5',
      title: 'ÉCOLE école Straße',
      status: 'draft',
      tags: '["tech"]',
      author: 'u4',
      members: '["u4","u5","u1"]',
      team: 't3',
      labels: '["g2"]',
      meta: '{"score":"12","name":"ÄBC","items":[],"nested":{"a":{"b":[1,2,{"c":"x"}]}},"flag":true}',
      loc: '{"lon":23.321,"lat":42.691}',
      a: 2.5,
      b: 0.1,
      c: -3,
      views: 1000,
      published: 1,
      files: '["a.png","b.PNG"]',
      cover: 'Z.png',
      created: '2024-02-29 23:59:59.999Z',
    },
    {
      id: 'p6',
      title: '10',
      status: 'active',
      tags: '"news"',
      author: 'u2',
      members: '[]',
      team: '',
      labels: '[]',
      meta: '"text"',
      loc: '{"lon":-180,"lat":-90}',
      a: -0.5,
      b: 10,
      c: 10,
      views: 11,
      published: 0,
      files: '"solo.txt"',
      cover: '',
      created: '2024-05-01 10:00:00.001Z',
    },
    {
      id: 'p7',
      title: 'abc\\',
      // A single-value column holding a JSON array: SQLite's :each/:length iterate it.
      status: '["x", "y"]',
      tags: '[]',
      author: 'u9',
      members: '["u9"]',
      team: 'tX',
      labels: '[]',
      meta: '[1,"2",null,true]',
      a: 1e15,
      b: 3,
      c: 3,
      views: 0.5,
      published: 0,
      files: '[]',
      created: '',
    },
    {
      id: 'p8',
      title: 'a_b%c',
      status: 'draft',
      tags: '[""]',
      author: 'u1',
      members: '["u2","u1"]',
      team: 't2',
      labels: '["g1","g2","g1"]',
      meta: '{"score":1.5,"name":"","items":[{"sku":null},{"sku":"b2"}]}',
      loc: '{"lon":0,"lat":0.0001}',
      a: 2,
      b: -1,
      c: 7,
      views: -7,
      published: 1,
      files: '[]',
      cover: '',
      created: '2024-05-01',
    },
    {
      id: 'p9',
      title: '  5 ',
      status: 'active',
      tags: '["news","news"]',
      author: '',
      members: '[]',
      team: '',
      labels: '[]',
      meta: 'null',
      loc: '{"lon":23.32,"lat":42.69}',
      a: 5,
      b: 5,
      c: 5,
      views: 5,
      published: 0,
      files: '[]',
      cover: '[]',
      created: '2023-12-31T23:00:00+02:00',
    },
    {
      id: 'p10',
      title: '😀 Émoji mixed CASE',
      status: 'draft',
      tags: '["tech","news"]',
      author: 'u5',
      members: '["u5"]',
      team: 't1',
      labels: '[]',
      meta: '{"score":12.0,"a":{"b":{"c":1}},"name":"xy"}',
      loc: '{"lon":23.3,"lat":42.7}',
      a: 12,
      b: 12,
      c: 12,
      views: 2,
      published: 1,
      files: '[]',
      cover: '',
      created: '2025-01-31 08:00:00.000Z',
    },
  ],
  comments: [
    { id: 'k4', post: 'p5', user: 'u4', body: 'NICE' },
    { id: 'k5', post: 'p5', user: 'u5', body: '' },
    { id: 'k6', post: 'p9', user: 'u9', body: 'orphan user' },
  ],
  profiles: [{ id: 'r3', user: 'u4', bio: 'ÉÈ' }],
  memberships: [{ id: 'ms3', user: 'u4', team: 't3', role: 'Admin' }],
  m: [{ id: 'm3', user: 'u4', role: '' }],
};

export function rowsOf(name: string): Row[] {
  return [...(ROWS[name] ?? []), ...(EXTRA[name] ?? [])];
}

/** PocketBase's SQLite column, as the field kinds declare it. */
export function sqliteColumn(f: Field): string {
  if (f.name === 'id') return '"id" TEXT PRIMARY KEY NOT NULL';
  return `"${f.name}" ${getFieldKind(f.type)!.columnType(f)}`;
}

/** The PostgreSQL column (PG-DESIGN.md). */
export function postgresColumn(f: Field): string {
  if (f.name === 'id') return '"id" TEXT PRIMARY KEY NOT NULL';
  const name = `"${f.name}"`;
  if (f.type === 'number') return `${name} DOUBLE PRECISION DEFAULT 0 NOT NULL`;
  if (f.type === 'bool') return `${name} BOOLEAN DEFAULT FALSE NOT NULL`;
  if (f.type === 'json') return `${name} JSONB DEFAULT NULL`;
  if (f.type === 'geoPoint') return `${name} JSONB DEFAULT '{"lon":0,"lat":0}' NOT NULL`;
  if (isMultiple(f)) return `${name} JSONB DEFAULT '[]' NOT NULL`;
  return `${name} TEXT DEFAULT '' NOT NULL`;
}

/** The placeholder for a value of `f` in a PostgreSQL INSERT. */
export function postgresCast(c: Collection, column: string): string {
  const f = c.fields.find((x) => x.name === column)!;
  if (f.type === 'number') return '::float8';
  if (f.type === 'bool') return '::int::boolean';
  if (f.type === 'json' || f.type === 'geoPoint' || isMultiple(f)) return '::text::jsonb';
  return '::text';
}

/** `?` → `$n` outside string literals and quoted identifiers (what the PG connection does). */
export function numberPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}
