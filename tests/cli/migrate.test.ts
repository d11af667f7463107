// `satchel migrate …` as a subprocess: PocketBase-written files up and down, create, collections,
// history-sync, the default dir beside --dir, and `serve` applying pending files before serving.

import { Database } from 'bun:sqlite';
import { afterAll, describe, expect, test } from 'bun:test';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import PocketBase from 'pocketbase';
import { spawnServe } from '../support/process.ts';
import { TEST_SUPERUSER, tempDir } from '../support/server.ts';

const MAIN = resolve(import.meta.dir, '../../src/main.ts');
const FIXTURES = resolve(import.meta.dir, '../fixtures/pocketbase-migrations');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newRoot(): string {
  const d = tempDir('satchel-migrate-');
  dirs.push(d);
  return d;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out, err };
}

function rows(dataDir: string, sql: string): Record<string, unknown>[] {
  const db = new Database(join(dataDir, 'data.db'), { readonly: true });
  try {
    return db.query(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const names = (dataDir: string) =>
  rows(dataDir, 'SELECT name FROM _collections WHERE system = 0 ORDER BY name').map((r) => r.name);

describe('migrate CLI', () => {
  test('up, down n, up again; the files live in sb_migrations beside --dir by default', async () => {
    const root = newRoot();
    const data = join(root, 'sb_data');
    cpSync(FIXTURES, join(root, 'sb_migrations'), { recursive: true });
    const up = await cli('migrate', 'up', `--dir=${data}`);
    expect(up.code).toBe(0);
    expect(up.out).toContain('Applied 1796613739_created_posts.js');
    expect(names(data)).toEqual(['comments', 'members', 'post_stats', 'posts', 'users']);
    expect((await cli('migrate', `--dir=${data}`)).out).toContain('No new migrations to apply.');
    const down = await cli('migrate', 'down', '4', `--dir=${data}`);
    expect(down.code).toBe(0);
    expect(down.out).toContain('Reverted 1796613744_updated_posts.js');
    expect(names(data)).toContain('post_stats');
    const cols = rows(data, 'PRAGMA table_info(posts)').map((r) => r.name);
    expect(cols).toContain('tags'); // the removed field is back
    expect((await cli('migrate', 'up', `--dir=${data}`)).out).toContain(
      'Applied 1796613748_deleted_scratch.js',
    );
  });

  test('create and collections write files; history-sync keeps system rows', async () => {
    const root = newRoot();
    const data = join(root, 'pb_data');
    const dir = join(root, 'elsewhere');
    const create = await cli(
      'migrate',
      'create',
      'Add Indexes',
      `--dir=${data}`,
      `--migrationsDir=${dir}`,
    );
    expect(create.code).toBe(0);
    const [blank] = readdirSync(dir);
    expect(blank).toMatch(/^\d{10}_add_indexes\.js$/);
    expect(readFileSync(join(dir, blank!), 'utf8')).toContain('migrate((app) => {');
    expect(
      (await cli('migrate', 'collections', `--dir=${data}`, `--migrationsDir=${dir}`)).code,
    ).toBe(0);
    const snapshot = readdirSync(dir).find((f) => f.endsWith('_collections_snapshot.js'))!;
    expect(readFileSync(join(dir, snapshot), 'utf8')).toContain(
      'app.importCollections(snapshot, false)',
    );
    expect((await cli('migrate', 'up', `--dir=${data}`, `--migrationsDir=${dir}`)).code).toBe(0);
    unlinkSync(join(dir, blank!));
    const sync = await cli('migrate', 'history-sync', `--dir=${data}`, `--migrationsDir=${dir}`);
    expect(sync.out).toContain(`Removed ${blank}`);
    const files = rows(data, 'SELECT file FROM _migrations').map((r) => String(r.file));
    expect(files).toContain(snapshot);
    expect(files).not.toContain(blank);
    expect(files.some((f) => f.startsWith('satchel_'))).toBe(true);
    // pb_data: PocketBase's default dir name, pb_migrations beside it.
    expect((await cli('migrate', 'create', 'x', `--dir=${data}`)).code).toBe(0);
    expect(existsSync(join(root, 'pb_migrations'))).toBe(true);
  });

  test('a failing file: exit 1, the message names it, nothing applied', async () => {
    const root = newRoot();
    const data = join(root, 'sb_data');
    cpSync(FIXTURES, join(root, 'sb_migrations'), { recursive: true });
    writeFileSync(
      join(root, 'sb_migrations', '1796613741_bad.js'),
      'migrate((app) => { app.save(new Collection({ name: "bad name!" })) })',
    );
    const r = await cli('migrate', 'up', `--dir=${data}`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('failed to apply migration 1796613741_bad.js');
    expect(r.err).toContain('name:');
    expect(names(data)).toEqual(['users']);
    // serve refuses to start on the same pending files.
    const serve = await cli('serve', `--dir=${data}`, '--http=127.0.0.1:0');
    expect(serve.code).toBe(1);
    expect(serve.err).toContain('1796613741_bad.js');
  });

  test('serve writes files by default, none with --automigrate=false', async () => {
    const root = newRoot();
    const data = join(root, 'sb_data');
    const { email, password } = TEST_SUPERUSER;
    expect((await cli('superuser', 'upsert', email, password, `--dir=${data}`)).code).toBe(0);
    const create = async (extra: string[], name: string) => {
      const s = await spawnServe(data, extra);
      try {
        const pb = new PocketBase(s.url);
        await pb.collection('_superusers').authWithPassword(email, password);
        await pb.collections.create({ name, type: 'base' });
      } finally {
        s.proc.kill('SIGTERM');
        await s.proc.exited;
      }
    };
    await create([], 'first');
    const dir = join(root, 'sb_migrations');
    expect(readdirSync(dir).map((f) => f.replace(/^\d+_/, ''))).toEqual(['created_first.js']);
    await create(['--automigrate=false'], 'second');
    expect(readdirSync(dir)).toHaveLength(1);
    // The written file is recorded: a fresh start applies nothing and fails on nothing.
    expect((await cli('migrate', 'up', `--dir=${data}`)).out).toContain('No new migrations');
  });

  test('unknown subcommand and bad numbers are usage errors', async () => {
    const data = join(newRoot(), 'sb_data');
    expect((await cli('migrate', 'sideways', `--dir=${data}`)).code).toBe(2);
    expect((await cli('migrate', 'down', 'many', `--dir=${data}`)).code).toBe(2);
    expect((await cli('migrate', 'create', `--dir=${data}`)).code).toBe(2);
  });
});
