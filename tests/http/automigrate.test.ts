// Automigrate round trip: collections changed through the API (the SDK, as the dashboard does) write
// PocketBase-style files; a fresh data dir running them gets the same schema; down then up again.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { openCore } from '../../src/app.ts';
import { collectionToJSON } from '../../src/core/collections/codec.ts';
import type { Collection } from '../../src/core/collections/model.ts';
import type { Core } from '../../src/core/core.ts';
import { loadMigrations } from '../../src/core/migrations/load.ts';
import { migrateDown, migrateUp } from '../../src/core/migrations/runner.ts';
import { startServer, type TestServer, tempDir } from '../support/server.ts';

const SECRET = 'client-secret-that-must-not-reach-git';

/** What must match across data dirs: the API JSON minus timestamps, providers and view-clone ids. */
function schema(list: Collection[]): unknown[] {
  return list
    .filter((c) => !c.system)
    .map((c) => {
      const { created: _c, updated: _u, ...json } = collectionToJSON(c);
      const out = JSON.parse(JSON.stringify(json));
      if (out.oauth2) delete out.oauth2.providers;
      for (const f of out.fields) if (String(f.id).startsWith('_clone_')) f.id = '_clone_';
      return out;
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

let server: TestServer;
let pb: PocketBase;
let dir: string;
beforeAll(async () => {
  dir = join(tempDir(), 'sb_migrations');
  server = await startServer({ migrationsDir: dir });
  pb = await server.superuserClient();
});
afterAll(() => server.stop());

const files = () => readdirSync(dir).sort();

describe('automigrate', () => {
  test('create, update and delete through the API each write a file, recorded as applied', async () => {
    const posts = await pb.collections.create({
      name: 'posts',
      type: 'base',
      listRule: '',
      viewRule: 'status = "published"',
      fields: [
        { name: 'title', type: 'text', required: true, max: 200 },
        { name: 'body', type: 'editor' },
        { name: 'status', type: 'select', values: ['draft', 'published'], maxSelect: 1 },
        { name: 'tags', type: 'json' },
        { name: 'created', type: 'autodate', onCreate: true },
      ],
      indexes: ['CREATE INDEX idx_posts_title ON posts (title)'],
    });
    const members = await pb.collections.create({
      name: 'members',
      type: 'auth',
      fields: [{ name: 'nick', type: 'text' }],
      oauth2: {
        enabled: true,
        providers: [{ name: 'github', clientId: 'cid', clientSecret: SECRET }],
      },
    });
    await pb.collections.create({
      name: 'comments',
      type: 'base',
      fields: [
        {
          name: 'post',
          type: 'relation',
          collectionId: posts.id,
          maxSelect: 1,
          cascadeDelete: true,
        },
        { name: 'author', type: 'relation', collectionId: members.id, maxSelect: 1 },
        { name: 'text', type: 'text' },
      ],
    });
    await pb.collections.create({
      name: 'post_titles',
      type: 'view',
      listRule: '',
      viewQuery: 'SELECT id, title FROM posts',
    });
    const fields = posts.fields
      .filter((f: { name: string }) => f.name !== 'tags')
      .map((f: { name: string }) => (f.name === 'body' ? { ...f, name: 'content' } : f));
    await pb.collections.update('posts', {
      listRule: 'status = "published"',
      fields: [...fields, { name: 'rating', type: 'number', max: 5 }],
      indexes: [...posts.indexes, 'CREATE UNIQUE INDEX idx_posts_st ON posts (status, title)'],
    });
    await pb.collections.update('members', { mfa: { enabled: true }, otp: { enabled: true } });
    await pb.collections.create({ name: 'scratch', type: 'base' });
    await pb.collections.delete('scratch');
    const names = files().map((f) => f.replace(/^\d+_/, ''));
    expect(names).toEqual([
      'created_posts.js',
      'created_members.js',
      'created_comments.js',
      'created_post_titles.js',
      'updated_posts.js',
      'updated_members.js',
      // the view follows the renamed table column: its refresh is no API change, no file
      'created_scratch.js',
      'deleted_scratch.js',
    ]);
    const applied = server.app.core.store.reader
      .all<{ file: string }>('SELECT file FROM _migrations')
      .map((r) => r.file);
    expect(applied).toEqual(expect.arrayContaining(files()));
  });

  test('no secret reaches the files; a providers-only change and an import write none', async () => {
    for (const f of files()) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('"secret"');
    }
    const before = files();
    await pb.collections.update('members', {
      oauth2: { providers: [{ name: 'github', clientId: 'cid2', clientSecret: SECRET }] },
    });
    const all = await pb.collections.getFullList();
    await pb.collections.import(
      all.map((c) => (c.name === 'comments' ? { ...c, listRule: '' } : c)),
      false,
    );
    expect(files()).toEqual(before);
  });

  test('a fresh data dir running the files has the same schema; down all, then up again', async () => {
    // The import above changed comments without a file: put it back so the dirs can agree.
    await pb.collections.update('comments', { listRule: null });
    const want = schema(server.app.core.collections.all());
    const core: Core = await openCore(join(tempDir(), 'sb_data'));
    try {
      const list = loadMigrations(dir);
      expect(await migrateUp(core, list)).toHaveLength(list.length);
      expect(schema(core.collections.all())).toEqual(want);
      await migrateDown(core, list, -1);
      expect(schema(core.collections.all()).map((c) => (c as { name: string }).name)).toEqual([
        'users',
      ]);
      await migrateUp(core, list);
      expect(schema(core.collections.all())).toEqual(want);
    } finally {
      core.store.close();
    }
  });

  test('a restart applies nothing new: the written files are already recorded', async () => {
    const data = server.dir;
    await server.stop(true);
    const n = files().length;
    server = await startServer({ dir: data, migrationsDir: dir, noSuperuser: true });
    pb = await server.superuserClient();
    expect(files()).toHaveLength(n);
    expect(server.app.core.collections.find('posts')?.fields.map((f) => f.name)).toContain(
      'rating',
    );
  });
});
