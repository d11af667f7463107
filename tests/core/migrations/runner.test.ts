// PocketBase-written migration files (tests/fixtures/pocketbase-migrations, made by PocketBase 0.40.4's
// automigrate) applied by the runner: the schema PocketBase had, then down and up again.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../../../src/app.ts';
import { collectionToJSON } from '../../../src/core/collections/codec.ts';
import type { Core } from '../../../src/core/core.ts';
import { loadMigrations } from '../../../src/core/migrations/load.ts';
import {
  historySync,
  MigrationError,
  migrateDown,
  migrateUp,
} from '../../../src/core/migrations/runner.ts';
import { columnsOf, testDbUrl } from '../../support/db-inspect.ts';
import { tempDir } from '../../support/server.ts';

const FIXTURES = resolve(import.meta.dir, '../../fixtures/pocketbase-migrations');
const MIGRATED = ['posts', 'members', 'comments', 'post_stats'];

/** The API JSON minus what differs by design: timestamps, stripped providers, random view-clone ids. */
export function comparable(json: Record<string, unknown>): unknown {
  const { created: _c, updated: _u, ...rest } = json;
  const out = JSON.parse(JSON.stringify(rest));
  if (out.oauth2) delete out.oauth2.providers;
  for (const f of out.fields) if (String(f.id).startsWith('_clone_')) f.id = '_clone_';
  return out;
}

let core: Core;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  core = await openCore(join(dir, 'sb_data'), { dbUrl: await testDbUrl() });
});
afterAll(() => core.store.close());

const files = () => loadMigrations(FIXTURES);
const applied = () =>
  core.store.reader
    .all<{ file: string }>('SELECT file FROM _migrations ORDER BY file')
    .map((r) => r.file);

test('PocketBase-written files apply in name order to the schema PocketBase had', async () => {
  const done = await migrateUp(core, files());
  expect(done).toEqual(files().map((f) => f.file));
  const expected = (await Bun.file(join(FIXTURES, 'expected-schema.json')).json()) as Record<
    string,
    unknown
  >[];
  for (const name of MIGRATED) {
    const want = expected.find((c) => c.name === name)!;
    expect(comparable(collectionToJSON(core.collections.require(name)))).toEqual(comparable(want));
  }
  expect(core.collections.find('scratch')).toBeUndefined();
  expect(applied()).toEqual(expect.arrayContaining(done));
  // The rename and the dropped field reached the table, not only `_collections`.
  const cols = columnsOf(core.store.reader, 'posts');
  expect(cols).toContain('content');
  expect(cols).not.toContain('body');
  expect(cols).not.toContain('tags');
  expect(await migrateUp(core, files())).toEqual([]);
});

test('down 2 reverts the newest two; down -1 reverts every user file; up restores', async () => {
  const members = () => collectionToJSON(core.collections.require('members'));
  expect((members().mfa as { enabled: boolean }).enabled).toBe(true);
  expect(await migrateDown(core, files(), 2)).toEqual([
    '1796613748_deleted_scratch.js',
    '1796613746_created_scratch.js',
  ]);
  expect(core.collections.find('scratch')).toBeUndefined(); // created then deleted again
  expect(await migrateDown(core, files(), 1)).toEqual(['1796613745_updated_members.js']);
  expect((members().mfa as { enabled: boolean }).enabled).toBe(false);
  await migrateDown(core, files(), -1);
  expect(core.collections.all().map((c) => c.name)).not.toContain('posts');
  expect(applied().filter((f) => f.endsWith('.js'))).toEqual([]);
  expect(applied().some((f) => f.startsWith('satchel_'))).toBe(true); // system rows untouched
  expect(await migrateUp(core, files())).toHaveLength(8);
  expect(core.collections.require('posts').fields.map((f) => f.name)).toContain('rating');
});

test('a failing file rolls the whole run back', async () => {
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(
    join(bad, '1_ok.js'),
    'migrate((app) => { app.save(new Collection({ name: "okay", fields: [{ name: "t", type: "text" }] })) })',
  );
  writeFileSync(join(bad, '2_bad.js'), 'migrate((app) => { throw new Error("boom") })');
  const err = await migrateUp(core, loadMigrations(bad)).catch((e) => e);
  expect(err).toBeInstanceOf(MigrationError);
  expect(String(err.message)).toContain('2_bad.js: boom');
  expect(core.collections.find('okay')).toBeUndefined();
  expect(applied()).not.toContain('1_ok.js');
});

test('history-sync forgets deleted user files only', async () => {
  core.store.writes.run((tx) => {
    // A fresh dir already records PocketBase's system rows (db/migrate.ts); DO NOTHING keeps them.
    tx.run(
      "INSERT INTO _migrations (file, applied) VALUES ('1_gone.js', 1), ('1640988000_init.go', 2) ON CONFLICT (file) DO NOTHING",
    );
  });
  await core.store.writes.drain();
  const removed = await historySync(core, files());
  expect(removed).toEqual(['1_gone.js']);
  expect(applied()).toContain('1640988000_init.go');
  expect(applied()).toContain('1796613739_created_posts.js');
  expect(applied().some((f) => f.startsWith('satchel_'))).toBe(true);
});

test('a .ts file, typed fields, getByName edits and a data migration with records', async () => {
  const d = join(dir, 'ts');
  mkdirSync(d);
  writeFileSync(
    join(d, '1_notes.ts'),
    `migrate((app: any) => {
      const c = new Collection({ type: 'base', name: 'notes', listRule: '' });
      c.fields.add(new TextField({ name: 'title', required: true }));
      c.fields.add(new NumberField({ name: 'n', onlyInt: true }));
      c.fields.add(new AutodateField({ name: 'created', onCreate: true }));
      c.indexes = ['CREATE INDEX idx_notes_n ON notes (n)'];
      app.save(c);
      const r = new Record(c);
      r.set('title', 'first');
      r.set('n', 1);
      app.save(r);
    }, (app: any) => { app.delete(app.findCollectionByNameOrId('notes')) })`,
  );
  writeFileSync(
    join(d, '2_bump.js'),
    `migrate((app) => {
      const c = app.findCollectionByNameOrId('notes');
      c.fields.getByName('title').max = 50;
      app.save(c);
      const r = app.findRecordById('notes', globalThis.__noteId);
      r.set('n', r.getInt('n') + 41);
      app.save(r);
      app.runInTransaction((txApp) => {
        txApp.db().newQuery("UPDATE notes SET title = upper(title)").execute();
      });
      if (app.findAllCollections('base').every((c) => c.name !== 'notes')) throw new Error('no notes');
    }, (app) => {
      const c = app.findCollectionByNameOrId('notes');
      c.fields.getByName('title').max = 0;
      app.save(c);
    })`,
  );
  const list = loadMigrations(d);
  // The record id is only known after the first file ran: hand it over through a global.
  await migrateUp(core, [list[0]!]);
  const row = core.store.reader.get<{ id: string; n: number; created: string }>(
    'SELECT id, n, created FROM notes',
  )!;
  expect(row.n).toBe(1);
  expect(row.created).not.toBe('');
  (globalThis as { __noteId?: string }).__noteId = row.id;
  await migrateUp(core, list);
  const c = core.collections.require('notes');
  expect(c.fields.find((f) => f.name === 'title')?.max).toBe(50);
  expect(c.indexes).toEqual(['CREATE INDEX idx_notes_n ON notes (n)']);
  expect(core.store.reader.get('SELECT n, title FROM notes')).toEqual({ n: 42, title: 'FIRST' });
  await migrateDown(core, list, 2);
  expect(core.collections.find('notes')).toBeUndefined();
});

test('a file that does not parse is named in the error', () => {
  const d = join(dir, 'syntax');
  mkdirSync(d);
  writeFileSync(join(d, '1_broken.js'), 'migrate((app) => {');
  expect(() => loadMigrations(d)).toThrow(/failed to load migration 1_broken\.js/);
});

test('a data migration creates a user who can then log in: hashed password, tokenKey', async () => {
  const d = join(dir, 'users');
  mkdirSync(d);
  writeFileSync(
    join(d, '1_seed.js'),
    `migrate((app) => {
      const users = app.findCollectionByNameOrId('users');
      const r = new Record(users);
      r.set('email', 'seed@example.com');
      r.setPassword('1234567890');
      r.set('verified', true);
      app.save(r);
      const again = app.findRecordById('users', r.id);
      again.set('name', 'Seed');
      app.save(again); // the stored hash is kept, not hashed again
      const other = new Record(users, { email: 'two@example.com', password: 'abcdefghij' });
      app.save(other);
    })`,
  );
  await migrateUp(core, loadMigrations(d));
  const row = core.store.reader.get<{ password: string; tokenKey: string; verified: number }>(
    "SELECT password, `tokenKey`, verified FROM users WHERE email = 'seed@example.com'",
  )!;
  expect(row.password).toStartWith('$2a$10$');
  expect(await Bun.password.verify('1234567890', row.password)).toBe(true);
  expect(row.tokenKey).toHaveLength(50);
  expect(Boolean(row.verified)).toBe(true);
  const two = core.store.reader.get<{ password: string }>(
    "SELECT password FROM users WHERE email = 'two@example.com'",
  )!;
  expect(await Bun.password.verify('abcdefghij', two.password)).toBe(true);
});

test('files run in sloppy mode, as in goja: an undeclared assignment is no error', () => {
  const d = join(dir, 'sloppy');
  mkdirSync(d);
  writeFileSync(join(d, '1_sloppy.js'), 'sloppyName = 1; migrate(() => {}, () => {})');
  expect(loadMigrations(d)[0]?.up).toBeFunction();
  delete (globalThis as { sloppyName?: number }).sloppyName;
});

test("PocketBase's documented examples: initial settings and a first superuser", async () => {
  const d = join(dir, 'docs');
  mkdirSync(d);
  writeFileSync(
    join(d, '1_settings.js'),
    `migrate((app) => {
      let settings = app.settings()
      settings.meta.appName = "test"
      settings.logs.maxDays = 2
      app.save(settings)
      let superusers = app.findCollectionByNameOrId("_superusers")
      let record = new Record(superusers)
      record.set("email", "first@example.com")
      record.set("password", "1234567890")
      app.save(record)
      const again = app.findAuthRecordByEmail("_superusers", "first@example.com")
      if (again.id !== record.id) throw new Error("not found by e-mail")
      // Case matters unless the e-mail index is COLLATE NOCASE (PocketBase's rule).
      let upper = null
      try { upper = app.findAuthRecordByEmail("_superusers", "FIRST@example.com") } catch {}
      if (upper !== null) throw new Error("matched another case")
      if (app.findFirstRecordByData(superusers, "email", "first@example.com").id !== record.id)
        throw new Error("not found by data")
    })`,
  );
  writeFileSync(join(d, '2_fail.js'), 'migrate((app) => { throw new Error("no") })');
  const list = loadMigrations(d);
  // A failing run leaves the settings as they were, in memory too.
  await expect(migrateUp(core, list)).rejects.toThrow('2_fail.js');
  expect(core.settings.get().meta.appName).not.toBe('test');
  await migrateUp(core, [list[0]!]);
  expect(core.settings.get().meta.appName).toBe('test');
  expect(core.settings.get().logs.maxDays).toBe(2);
  const hash = core.store.reader.get<{ password: string }>(
    "SELECT password FROM _superusers WHERE email = 'first@example.com'",
  )!.password;
  expect(await Bun.password.verify('1234567890', hash)).toBe(true);
});
