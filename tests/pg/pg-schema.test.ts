// Collections on PostgreSQL: PG column types, data converted on field changes, SQLite index text
// translated (or refused as a 400), views, renames and migrations' raw SQL — through the SDK.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { migrateUp } from '../../src/core/migrations/runner.ts';
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
      await pb.collections.update('picks', { fields: field(3) });
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
