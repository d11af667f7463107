import { Database } from 'bun:sqlite';
// `satchel migrate-to-postgres`: PocketBase's fixture and a Satchel-made dir with every field type are
// copied into PostgreSQL; a server on the copy answers the SDK exactly as the SQLite original did.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SQL } from 'bun';
import type PocketBase from 'pocketbase';
import { hasFixture } from '../support/fixture.ts';
import { type PgServer, postgresMissing, testPostgres } from '../support/postgres.ts';
import {
  copyFixture,
  FIXTURE_TOKENS,
  startServer,
  TEST_SUPERUSER,
  tempDir,
} from '../support/server.ts';

const MAIN = resolve(import.meta.dir, '../../src/main.ts');
const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.SATCHEL_DB_URL;
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    env,
  });
  const timer = setTimeout(() => proc.kill(), 60_000);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { code, out, err };
}

/** Every record of every collection the SDK lists (no sort: the order is the rowid's), by collection. */
async function snapshot(pb: PocketBase): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const collections = await pb.collections.getFullList({ sort: 'name' });
  out._collections = collections.map((c) => ({ ...c, created: undefined, updated: undefined }));
  for (const c of collections) {
    const list = await pb.collection(c.name).getList(1, 500, { skipTotal: false });
    // Each login from a known origin refreshes its `updated` (the snapshot itself logs in).
    if (c.name === '_authOrigins') for (const o of list.items) o.updated = undefined;
    out[c.name] = list;
  }
  return out;
}

const hash = async (path: string) =>
  new Bun.CryptoHasher('sha256').update(await Bun.file(path).arrayBuffer()).digest('hex');

describe.skipIf(missing !== null)(
  `migrate-to-postgres${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let pg: PgServer;
    const cleanup: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      pg = await testPostgres();
    });
    afterAll(async () => {
      for (const f of cleanup.reverse()) await f();
    });

    async function database(): Promise<string> {
      const url = await pg.createDatabase('satchel_m2pg');
      cleanup.push(() => pg.dropDatabase(url));
      return url;
    }

    test.skipIf(!hasFixture)(
      "PocketBase's fixture: the server on PostgreSQL answers as on SQLite",
      async () => {
        const dir = copyFixture();
        cleanup.push(() => rmSync(dirname(dir), { recursive: true, force: true }));
        const before = await startServer({ dir });
        const sdk = before.client();
        sdk.authStore.save(FIXTURE_TOKENS.superuser);
        const expected = await snapshot(sdk);
        await before.stop(true);
        const dataHash = await hash(join(dir, 'data.db'));

        const url = await database();
        const r = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
        expect(r.code, r.err).toBe(0);
        expect(r.out).not.toContain('✗');
        for (const table of ['users', 'demo1', '_superusers', '_params', '_migrations', '_logs']) {
          expect(r.out).toMatch(new RegExp(`✓\\s+${table}\\s`));
        }
        expect(r.out).toContain('Uploaded files stay in');
        expect(await hash(join(dir, 'data.db'))).toBe(dataHash);
        // The settings row (a BLOB, as PocketBase writes it) arrives as the JSON it holds.
        const source = new Database(join(dir, 'data.db'), { readonly: true });
        const params = source.query('SELECT id, value FROM _params').all() as {
          id: string;
          value: Uint8Array | string;
        }[];
        source.close();
        const target = new SQL(url, { max: 1 });
        try {
          for (const p of params) {
            const [row] = await target.unsafe(
              'SELECT value::text AS v FROM _params WHERE id = $1',
              [p.id],
            );
            const sent = typeof p.value === 'string' ? p.value : new TextDecoder().decode(p.value);
            expect(JSON.parse(row.v)).toEqual(JSON.parse(sent));
          }
        } finally {
          await target.close();
        }

        const after = await startServer({ dir, dbUrl: url });
        try {
          const pb = after.client();
          // Token secrets came along: the fixture's pre-made token still signs in.
          pb.authStore.save(FIXTURE_TOKENS.superuser);
          expect(await snapshot(pb)).toEqual(expected);
          // Files stayed in the data dir and are served from there.
          const demo = (await pb.collection('demo1').getFullList()).find(
            (rec) => Array.isArray(rec.file_many) && rec.file_many.length > 0,
          );
          if (demo) {
            const res = await fetch(pb.files.getURL(demo, demo.file_many[0]));
            expect(res.status).toBe(200);
          }
          // New rows go after the copied ones (the rowid sequence moved on).
          const created = await pb.collection('demo1').create({ text: 'after the move' });
          const list = await pb.collection('demo1').getFullList();
          expect(list.at(-1)?.id).toBe(created.id);
        } finally {
          await after.stop(true);
        }

        const again = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
        expect(again.code).toBe(1);
        expect(again.err).toContain('is not empty');
      },
    );

    test('a Satchel-made dir with every field type', async () => {
      const root = tempDir('satchel-m2pg-');
      cleanup.push(() => rmSync(root, { recursive: true, force: true }));
      const dir = join(root, 'sb_data');
      const before = await startServer({ dir });
      const pb = await before.superuserClient();
      const target = await pb.collections.create({
        name: 'targets',
        type: 'base',
        fields: [{ name: 'title', type: 'text' }],
      });
      await pb.collections.create({
        name: 'everything',
        type: 'base',
        fields: [
          { name: 'text', type: 'text' },
          { name: 'editor', type: 'editor' },
          { name: 'number', type: 'number' },
          { name: 'bool', type: 'bool' },
          { name: 'email', type: 'email' },
          { name: 'url', type: 'url' },
          { name: 'date', type: 'date' },
          { name: 'one', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
          { name: 'many', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
          { name: 'file', type: 'file', maxSelect: 1, maxSize: 1000 },
          { name: 'rel', type: 'relation', collectionId: target.id, maxSelect: 1 },
          { name: 'rels', type: 'relation', collectionId: target.id, maxSelect: 5 },
          { name: 'json', type: 'json' },
          { name: 'point', type: 'geoPoint' },
          { name: 'created', type: 'autodate', onCreate: true },
          { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
        ],
        indexes: ['CREATE INDEX idx_everything_text ON everything (text)'],
      });
      await pb.collections.create({
        name: 'everything_view',
        type: 'view',
        viewQuery: 'SELECT id, text, number FROM everything WHERE bool = TRUE',
      });
      const t1 = await pb.collection('targets').create({ title: 'one' });
      const t2 = await pb.collection('targets').create({ title: 'two' });
      for (let i = 0; i < 30; i++) {
        const form = new FormData();
        form.set('text', `row ${i} ünïcode 'q' "d"`);
        form.set('editor', `<p>${i}</p>`);
        form.set('number', String(i / 7));
        form.set('bool', String(i % 2 === 0));
        form.set('email', `u${i}@example.com`);
        form.set('url', `https://example.com/${i}`);
        form.set('date', `2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00.123Z`);
        form.set('one', ['a', 'b', 'c'][i % 3]!);
        form.set('many', JSON.stringify(['c', 'a'].slice(0, i % 3)));
        form.set('rel', t1.id);
        form.set('rels', JSON.stringify(i % 2 ? [t2.id, t1.id] : []));
        form.set(
          'json',
          JSON.stringify(i % 4 ? { z: i, a: [1, { y: null, b: true }], s: 'x' } : null),
        );
        form.set('point', JSON.stringify({ lon: i, lat: -i / 2 }));
        if (i % 5 === 0) form.set('file', new File([`file ${i}`], `f${i}.txt`));
        await pb.collection('everything').create(form);
      }
      // A gap in the rowids: the copy keeps each row's own.
      const firstPage = await pb.collection('everything').getList(1, 3);
      await pb.collection('everything').delete(firstPage.items[1]!.id);
      const expected = await snapshot(pb);
      await before.stop(true);

      const url = await database();
      const r = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/✓\s+everything\s+29\s+29\s/);
      expect(r.out).not.toContain('✗');

      const after = await startServer({ dir, dbUrl: url });
      try {
        const client = after.client();
        await client
          .collection('_superusers')
          .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password);
        expect(await snapshot(client)).toEqual(expected);
        const withFile = (await client.collection('everything').getFullList()).find((x) => x.file);
        const res = await fetch(client.files.getURL(withFile!, withFile!.file));
        expect(await res.text()).toMatch(/^file \d+$/);
      } finally {
        await after.stop(true);
      }
    });

    test('a view or an index PostgreSQL refuses is a warning with its collection, the rest is copied', async () => {
      const root = tempDir('satchel-m2pg-');
      cleanup.push(() => rmSync(root, { recursive: true, force: true }));
      const dir = join(root, 'sb_data');
      const before = await startServer({ dir });
      const pb = await before.superuserClient();
      await pb.collections.create({
        name: 'notes',
        type: 'base',
        fields: [{ name: 'text', type: 'text' }],
        // GLOB is SQLite's alone.
        indexes: [
          'CREATE INDEX idx_notes_text ON notes (text)',
          "CREATE INDEX idx_notes_glob ON notes (text) WHERE text GLOB 'a*'",
        ],
      });
      await pb.collections.create({
        name: 'notes_sqlite_view',
        type: 'view',
        viewQuery: "SELECT id, strftime('%Y', 'now') AS year FROM notes",
      });
      for (const text of ['a', 'b', 'c']) await pb.collection('notes').create({ text });
      await before.stop(true);

      const url = await database();
      const r = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/✓\s+notes\s+3\s+3\s/);
      expect(r.err).toContain('Warning: notes: index not created: CREATE INDEX idx_notes_glob');
      expect(r.err).toContain('Warning: notes_sqlite_view: view not created');
      expect(r.err).not.toContain('idx_notes_text ON');

      const after = await startServer({ dir, dbUrl: url });
      try {
        const client = after.client();
        await client
          .collection('_superusers')
          .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password);
        const notes = await client.collections.getOne('notes');
        expect(notes.indexes).toEqual(['CREATE INDEX idx_notes_text ON notes (text)']);
        expect((await client.collection('notes').getFullList()).map((n) => n.text)).toEqual([
          'a',
          'b',
          'c',
        ]);
        const names = (await client.collections.getFullList()).map((c) => c.name);
        expect(names).not.toContain('notes_sqlite_view');
      } finally {
        await after.stop(true);
      }
    });

    test('encrypted settings are refused before anything is copied', async () => {
      const url = await database();
      const dir = join(tempDir('satchel-m2pg-'), 'sb_data');
      cleanup.push(() => rmSync(dirname(dir), { recursive: true, force: true }));
      const env = { ...process.env, SATCHEL_M2PG_KEY: 'abcdefghijabcdefghijabcdefghij12' };
      const made = Bun.spawnSync(
        [
          process.execPath,
          MAIN,
          'superuser',
          'ips',
          '10.0.0.1',
          `--dir=${dir}`,
          '--encryptionEnv=SATCHEL_M2PG_KEY',
        ],
        { env },
      );
      expect(made.exitCode).toBe(0);
      const r = await cli([
        'migrate-to-postgres',
        `--dir=${dir}`,
        `--db=${url}`,
        '--encryptionEnv=SATCHEL_M2PG_KEY',
      ]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('settings of this data dir are encrypted');
      const { SQL } = await import('bun');
      const sql = new SQL(url, { max: 1 });
      const tables = await sql.unsafe(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
      );
      await sql.close();
      expect(tables[0].n).toBe(0);
    });

    test('a target that is not empty is refused, and the source must exist', async () => {
      const url = await database();
      const dir = join(tempDir('satchel-m2pg-'), 'sb_data');
      cleanup.push(() => rmSync(dirname(dir), { recursive: true, force: true }));
      const none = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
      expect(none.code).toBe(1);
      expect(none.err).toContain('has no data.db');
      const server = await startServer({ dir });
      await server.stop(true);
      const { SQL } = await import('bun');
      const sql = new SQL(url, { max: 1 });
      await sql.unsafe('CREATE TABLE mine (x int)');
      await sql.close();
      const r = await cli(['migrate-to-postgres', `--dir=${dir}`, `--db=${url}`]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('is not empty (1 tables)');
      const noDb = await cli(['migrate-to-postgres', `--dir=${dir}`]);
      expect(noDb.code).toBe(2);
      expect(noDb.err).toContain('--db=postgres://');
    });
  },
);
