// Collections on PostgreSQL: PG column types, data converted on field changes, SQLite index text
// translated (or refused as a 400), views, renames and migrations' raw SQL — through the SDK.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { Core } from '../../src/core/core.ts';
import { registerSystemJobs } from '../../src/core/cron/system-jobs.ts';
import type { MigrationApp } from '../../src/core/migrations/migration-app.ts';
import { migrateDown, migrateUp } from '../../src/core/migrations/runner.ts';
import { dbRows, schemaOf, tableColumns } from '../support/db-inspect.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';
import { startServer, type TestServer } from '../support/server.ts';

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

// biome-ignore lint/suspicious/noExplicitAny: error data is checked key by key.
type Json = Record<string, any>;

async function failure(p: Promise<unknown>): Promise<{ status: number; data: Json }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError)
      return { status: err.status, data: err.response.data as Json };
    throw err;
  }
  throw new Error('request unexpectedly succeeded');
}

describe.skipIf(missing !== null)(
  `collections on PostgreSQL${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let server: TestServer;
    let pb: PocketBase;

    beforeAll(async () => {
      const dbUrl = await (await testPostgres()).createDatabase('pgcore_schema');
      server = await startServer({ dbUrl });
      pb = await server.superuserClient();
    });
    afterAll(() => server?.stop());

    test('tables get PostgreSQL types, an id default without randomblob and a _rowid_', async () => {
      await pb.collections.create({
        name: 'kinds',
        fields: [
          { name: 'n', type: 'number' },
          { name: 'meta', type: 'json' },
          { name: 'tags', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
          { name: 'flag', type: 'bool' },
        ],
      });
      const sql = schemaOf(server, 'kinds').find((s) => s.type === 'table')!.sql;
      expect(sql).toContain('`n` DOUBLE PRECISION DEFAULT 0 NOT NULL');
      expect(sql).toContain('`meta` JSONB');
      expect(sql).toContain("`tags` JSONB DEFAULT '[]'::jsonb NOT NULL");
      expect(sql).toContain('`flag` BOOLEAN DEFAULT false NOT NULL');
      expect(sql).not.toContain('randomblob');
      const rowid = dbRows(
        server,
        "SELECT is_identity FROM information_schema.columns WHERE table_name = 'kinds' AND column_name = '_rowid_'",
      );
      expect(rowid).toEqual([{ is_identity: 'YES' }]);
      const [row] = dbRows(server, 'INSERT INTO kinds DEFAULT VALUES RETURNING id');
      expect(String(row!.id)).toMatch(/^r[0-9a-f]{14}$/);
      const rec = await pb.collection('kinds').create({ n: 1.5, meta: { a: 1 }, tags: ['b', 'a'] });
      expect(rec).toMatchObject({ n: 1.5, meta: { a: 1 }, tags: ['b', 'a'], flag: false });
    });

    test('single ↔ multiple converts the stored values as on SQLite', async () => {
      const c = await pb.collections.create({
        name: 'picks',
        listRule: '',
        fields: [{ name: 'pick', type: 'select', values: ['x', 'y', 'z'], maxSelect: 1 }],
      });
      await pb.collection('picks').create({ id: 'p1aaaaaaaaaaaaa', pick: 'y' });
      await pb.collection('picks').create({ id: 'p2aaaaaaaaaaaaa', pick: '' });
      const field = (maxSelect: number) => [
        ...c.fields.filter((f) => f.name !== 'pick'),
        { ...c.fields.find((f) => f.name === 'pick'), maxSelect },
      ];
      // A view reading the column keeps working across the type change.
      await pb.collections.create({
        name: 'picked',
        type: 'view',
        listRule: '',
        viewQuery: 'SELECT id, pick FROM picks',
      });
      await pb.collections.update('picks', { fields: field(3) });
      expect((await pb.collection('picked').getFullList({ sort: 'id' })).length).toBe(2);
      const many = await pb.collection('picks').getFullList({ sort: 'id' });
      expect(many.map((r) => r.pick)).toEqual([['y'], []]);
      await pb.collection('picks').update('p1aaaaaaaaaaaaa', { pick: ['x', 'z'] });
      await pb.collections.update('picks', { fields: field(1) });
      const one = await pb.collection('picks').getFullList({ sort: 'id' });
      expect(one.map((r) => r.pick)).toEqual(['z', '']);
    });

    test('SQLite index text is translated: NOCASE → lower(), column words quoted', async () => {
      await pb.collections.create({
        name: 'people',
        fields: [
          { name: 'nickName', type: 'text' },
          { name: 'email2', type: 'text' },
        ],
        indexes: [
          'CREATE UNIQUE INDEX idx_people_nick ON people (nickName COLLATE NOCASE)',
          "CREATE INDEX idx_people_expr ON people (lower(email2)) WHERE nickName != ''",
        ],
      });
      const defs = Object.fromEntries(schemaOf(server, 'people').map((s) => [s.name, s.sql]));
      expect(defs.idx_people_nick).toContain('(lower("nickName"))');
      expect(defs.idx_people_expr).toContain('WHERE ("nickName" <> \'\'::text)');
      // The stored definition stays PocketBase's SQLite text.
      const c = await pb.collections.getOne('people');
      expect(c.indexes[0]).toBe(
        'CREATE UNIQUE INDEX idx_people_nick ON people (nickName COLLATE NOCASE)',
      );
      // The NOCASE unique index works case-insensitively, as on SQLite.
      const insert = (id: string, nick: string) =>
        server.app.core.store.writes.run((tx) =>
          tx.run('INSERT INTO people (id, `nickName`) VALUES (?, ?)', [id, nick]),
        );
      await insert('pppppppppppppp1', 'Ann');
      await expect(insert('pppppppppppppp2', 'aNN')).rejects.toThrow(/UNIQUE constraint failed/);
    });

    test('names PostgreSQL would cut (over 63 bytes) or already holds are refused up front', async () => {
      const long = 'n'.repeat(64);
      const byName = await failure(pb.collections.create({ name: long }));
      expect(byName.data.name.code).toBe('validation_length_out_of_range');
      const byField = await failure(
        pb.collections.create({ name: 'shortname', fields: [{ name: long, type: 'text' }] }),
      );
      // The `id` field comes first: the long one is the second.
      expect(byField.data.fields['1'].name.code).toBe('validation_length_out_of_range');
      // Indexes and sequences share the namespace with tables on PostgreSQL.
      for (const name of ['users_pkey', 'users__rowid__seq']) {
        const taken = await failure(pb.collections.create({ name }));
        expect(taken.data.name.code).toBe('validation_collection_name_invalid');
      }
      await pb.collections.create({
        name: 'n'.repeat(63),
        fields: [{ name: 'f'.repeat(63), type: 'text' }],
      });
      expect(tableColumns(server, 'n'.repeat(63))).toContain('f'.repeat(63));
    });

    test('an index PostgreSQL refuses is a 400 on data.indexes, never a 500', async () => {
      const bad = await failure(
        pb.collections.create({
          name: 'refused',
          fields: [{ name: 'meta', type: 'json' }],
          indexes: ["CREATE INDEX idx_refused ON refused (json_extract(meta, '$.a'))"],
        }),
      );
      expect(bad.status).toBe(400);
      expect(bad.data.indexes['0'].code).toBe('validation_invalid_index_expression');
      expect(bad.data.indexes['0'].message).toContain('json_extract');
      // Existing duplicates make a unique index fail: also the index's error.
      await pb.collections.create({ name: 'dups', fields: [{ name: 't', type: 'text' }] });
      await pb.collection('dups').create({ t: 'same' });
      await pb.collection('dups').create({ t: 'same' });
      const dup = await failure(
        pb.collections.update('dups', { indexes: ['CREATE UNIQUE INDEX idx_dups_t ON dups (t)'] }),
      );
      expect(dup.status).toBe(400);
      expect(dup.data.indexes['0'].code).toBe('validation_invalid_index_expression');
      // The failed save left nothing behind and the collection still works.
      expect((await pb.collections.getOne('dups')).indexes).toEqual([]);
      expect(await pb.collection('dups').getFullList()).toHaveLength(2);
    });

    test('views run on PostgreSQL; a query it refuses is a 400 on viewQuery', async () => {
      await pb.collections.create({
        name: 'books',
        listRule: '',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'pages', type: 'number' },
        ],
      });
      await pb.collection('books').create({ title: 'Dune', pages: 412 });
      const v = await pb.collections.create({
        name: 'book_pages',
        type: 'view',
        listRule: '',
        viewQuery:
          'SELECT id, title, pages, count(*) AS n, pages::int AS pi, (pages / 2)::float8 AS half FROM books GROUP BY id',
      });
      const byName = Object.fromEntries(v.fields.map((f) => [f.name, f]));
      expect(byName.pages).toMatchObject({ type: 'number' });
      expect(byName.n).toMatchObject({ type: 'number', onlyInt: true });
      // PostgreSQL's `::` casts type the column as CAST does.
      expect(byName.pi).toMatchObject({ type: 'number', onlyInt: true });
      expect(byName.half).toMatchObject({ type: 'number', onlyInt: false });
      expect(await pb.collection('book_pages').getFullList()).toMatchObject([
        { title: 'Dune', pages: 412, n: 1 },
      ]);
      const bad = await failure(
        pb.collections.create({
          name: 'sqlite_only',
          type: 'view',
          viewQuery: "SELECT id, strftime('%Y', 'now') AS y FROM books",
        }),
      );
      expect(bad.status).toBe(400);
      expect(bad.data.viewQuery.code).toBe('validation_invalid_view_query');
      expect(bad.data.viewQuery.message).toContain('strftime');
    });

    test('renaming a collection and a field keeps data and the views reading them', async () => {
      const c = await pb.collections.getOne('books');
      await pb.collections.update('books', {
        name: 'novels',
        fields: c.fields.map((f) => (f.name === 'title' ? { ...f, name: 'heading' } : f)),
      });
      expect(tableColumns(server, 'novels')).toContain('heading');
      expect(dbRows(server, 'SELECT heading FROM novels')).toEqual([{ heading: 'Dune' }]);
      // The view kept working: PostgreSQL follows the renames, its stored query is PG's rewrite.
      const view = await pb.collections.getOne('book_pages');
      expect(view.viewQuery).toContain('novels');
      expect(await pb.collection('book_pages').getFullList()).toMatchObject([{ title: 'Dune' }]);
      // Dropping the column the view reads is refused (the view would break), as on SQLite.
      const drop = await failure(
        pb.collections.update('novels', {
          fields: (await pb.collections.getOne('novels')).fields.filter((f) => f.name !== 'pages'),
        }),
      );
      expect(drop.status).toBe(400);
      expect(tableColumns(server, 'novels')).toContain('pages');
    });

    test('views over views survive changes below them; deleting what a view reads is a 400', async () => {
      await pb.collections.create({
        name: 'base_t',
        listRule: '',
        fields: [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'text' },
        ],
      });
      await pb.collection('base_t').create({ a: 'x', b: 'y' });
      const view = (name: string, viewQuery: string) =>
        pb.collections.create({ name, type: 'view', listRule: '', viewQuery });
      await view('v_one', 'SELECT id, a, b FROM base_t');
      await view('v_two', 'SELECT id, a FROM v_one');
      // v_one changes (PostgreSQL would refuse to drop it under v_two): v_two comes back.
      await pb.collections.update('v_one', { viewQuery: 'SELECT id, a, b, 1 AS one FROM base_t' });
      expect(await pb.collection('v_two').getFullList()).toMatchObject([{ a: 'x' }]);
      // A new field on the table, and dropping one no view reads, leave both views working.
      const t = await pb.collections.getOne('base_t');
      await pb.collections.update('base_t', {
        fields: [...t.fields, { name: 'c', type: 'number' }],
      });
      expect(await pb.collection('v_two').getFullList()).toHaveLength(1);
      const drop = await failure(pb.collections.delete('base_t'));
      expect(drop.status).toBe(400);
      expect(await pb.collection('v_two').getFullList()).toHaveLength(1);
      // So is deleting the view another view reads; both stay.
      expect((await failure(pb.collections.delete('v_one'))).status).toBe(400);
      expect(await pb.collection('v_one').getFullList()).toHaveLength(1);
      expect(await pb.collection('v_two').getFullList()).toHaveLength(1);
      // Deleting the views first, then the table, works.
      await pb.collections.delete('v_two');
      await pb.collections.delete('v_one');
      await pb.collections.delete('base_t');
      expect(
        dbRows(
          server,
          "SELECT relname FROM pg_class WHERE relname IN ('base_t', 'v_one', 'v_two')",
        ),
      ).toEqual([]);
    });

    test("PocketBase's system cron jobs run on PostgreSQL: purges by date, optimize", async () => {
      const core = server.app.core;
      const jobs = new Map<string, () => Promise<void> | void>();
      const cron = {
        add: (id: string, _e: string, run: () => Promise<void> | void) => jobs.set(id, run),
      };
      registerSystemJobs({ ...core, cron } as unknown as Core);
      const users = core.collections.require('users');
      await core.store.writes.run((tx) => {
        for (const [id, created] of [
          ['otpold000000000', '2020-01-01 00:00:00.000Z'],
          ['otpnew000000000', '2999-01-01 00:00:00.000Z'],
        ])
          tx.run(
            'INSERT INTO `_otps` (id, `collectionRef`, `recordRef`, password, `sentTo`, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [id!, users.id, 'nobody', 'x', '', created!, created!],
          );
      });
      await jobs.get('__pbOTPCleanup__')!();
      await jobs.get('__pbMFACleanup__')!();
      await jobs.get('__pbLogsCleanup__')!();
      await jobs.get('__pbDBOptimize__')!();
      expect(dbRows(server, 'SELECT id FROM `_otps` ORDER BY id')).toEqual([
        { id: 'otpnew000000000' },
      ]);
    });

    test("a migration's raw SQL runs on PostgreSQL; SQLite-only SQL fails clearly", async () => {
      const core = server.app.core;
      const ok = await migrateUp(core, [
        {
          file: '1700000000_pg_ok.js',
          up: (app) => app.db().newQuery("UPDATE novels SET heading = 'Dune!'").execute(),
          down: null,
        },
      ]);
      expect(ok).toEqual(['1700000000_pg_ok.js']);
      expect(dbRows(server, 'SELECT heading FROM novels')).toEqual([{ heading: 'Dune!' }]);
      expect(
        dbRows(server, "SELECT file FROM _migrations WHERE file = '1700000000_pg_ok.js'"),
      ).toHaveLength(1);
      // `migrate down` finds the newest applied file through `_migrations` on PostgreSQL too.
      const files = [
        {
          file: '1700000000_pg_ok.js',
          up: null,
          down: (app: MigrationApp) =>
            app.db().newQuery("UPDATE novels SET heading = 'Dune'").execute(),
        },
      ];
      expect(await migrateDown(core, files, 1)).toEqual(['1700000000_pg_ok.js']);
      expect(dbRows(server, 'SELECT heading FROM novels')).toEqual([{ heading: 'Dune' }]);
      expect(
        dbRows(server, "SELECT file FROM _migrations WHERE file = '1700000000_pg_ok.js'"),
      ).toEqual([]);
      const failed = migrateUp(core, [
        {
          file: '1700000001_sqlite_only.js',
          up: (app) =>
            app.db().newQuery("UPDATE novels SET heading = strftime('%Y', 'now')").execute(),
          down: null,
        },
      ]);
      await expect(failed).rejects.toThrow(/refused by PostgreSQL.*strftime/);
      expect(
        dbRows(server, "SELECT file FROM _migrations WHERE file = '1700000001_sqlite_only.js'"),
      ).toEqual([]);
    });
  },
);
