// `satchel typegen` as a subprocess on a data dir with every field type; the file it writes must
// type-check a sample program using the SDK's typed client with `tsc`, and reject wrong names/types.
import { afterAll, expect, test } from 'bun:test';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../../src/app.ts';
import { createCollection } from '../../src/core/collections/save.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');
const MAIN = join(ROOT, 'src/main.ts');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(cmd: string[], cwd?: string): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn(cmd, { cwd, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, out: out + err };
}

/** A data dir with a collection of every field type, a relation to it and a view over it. */
async function seed(dataDir: string): Promise<void> {
  const core = await openCore(dataDir);
  try {
    await createCollection(core, {
      name: 'tags',
      type: 'base',
      fields: [{ name: 'label', type: 'text' }],
    });
    const tags = core.collections.require('tags');
    await createCollection(core, {
      name: 'posts',
      type: 'base',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'body', type: 'editor' },
        { name: 'contact', type: 'email' },
        { name: 'link', type: 'url' },
        { name: 'secret', type: 'password' },
        { name: 'published', type: 'date' },
        { name: 'views', type: 'number' },
        { name: 'draft', type: 'bool' },
        { name: 'status', type: 'select', values: ['draft', 'live'], maxSelect: 1 },
        { name: 'labels', type: 'select', values: ['a', 'b', 'c'], maxSelect: 3 },
        { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
        { name: 'tags', type: 'relation', collectionId: tags.id, maxSelect: 5 },
        { name: 'cover', type: 'file', maxSelect: 1 },
        { name: 'gallery', type: 'file', maxSelect: 4 },
        { name: 'meta', type: 'json' },
        { name: 'place', type: 'geoPoint' },
        { name: 'notes', type: 'text', hidden: true },
        { name: 'created', type: 'autodate', onCreate: true },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
    });
    await createCollection(core, {
      name: 'post_titles',
      type: 'view',
      viewQuery: 'SELECT id, title FROM posts',
    });
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
}

const GOOD = `import PocketBase from 'pocketbase';
import type { CollectionRecords, PostsCreate, PostsUpdate, TypedPocketBase } from './types';

const pb = new PocketBase('http://127.0.0.1:8090') as TypedPocketBase;

export async function main(id: string): Promise<string> {
  const r = await pb.collection('posts').getOne(id, { expand: 'author,tags' });
  const status: 'draft' | 'live' | '' = r.status;
  const labels: ('a' | 'b' | 'c')[] = r.labels;
  const gallery: string[] = r.gallery;
  const lon: number = r.place.lon;
  const author: string = r.author;
  const tagIds: string[] = r.tags;
  const email: string | undefined = r.expand?.author?.email;
  const tagLabels = r.expand?.tags?.map((t) => t.label.trim()) ?? [];
  const input: PostsCreate = { title: 'hello', status: 'live', cover: new Blob(['x']), secret: 's' };
  await pb.collection('posts').create(input);
  const patch: PostsUpdate = { 'tags+': ['t1'], 'views-': 1, 'gallery-': 'a.png', status: '' };
  await pb.collection('posts').update(id, patch);
  await pb.collection('users').create({ email: 'a@b.c', password: 'x', passwordConfirm: 'x' });
  const view: CollectionRecords['post_titles'] = await pb.collection('post_titles').getOne(id);
  const list = await pb.collection('posts').getList(1, 20);
  const other = await pb.collection('not_typed').getOne(id);
  return [r.title.toUpperCase(), status, labels, gallery, lon, author, tagIds, email, tagLabels,
    view.title, list.items[0]?.views.toFixed(), other.id].join();
}
`;

const WRONG_NAME = `import PocketBase from 'pocketbase';
import type { TypedPocketBase } from './types';

const pb = new PocketBase('http://127.0.0.1:8090') as TypedPocketBase;
export async function main(id: string) {
  const r = await pb.collection('posts').getOne(id);
  return r.titel.toUpperCase();
}
`;

const WRONG_TYPE = `import PocketBase from 'pocketbase';
import type { PostsUpdate, TypedPocketBase } from './types';

const pb = new PocketBase('http://127.0.0.1:8090') as TypedPocketBase;
export async function main(id: string) {
  const r = await pb.collection('posts').getOne(id);
  const n: number = r.views;
  const patch: PostsUpdate = { status: 'gone' };
  return r.draft.toUpperCase() + n + patch;
}
`;

function tsconfig(dir: string, files: string[]): void {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom'],
    skipLibCheck: true,
    types: [],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
}

test('typegen writes types that type-check the SDK typed client and reject mistakes', async () => {
  const dataDir = tempDir('satchel-typegen-data-');
  const out = tempDir('satchel-typegen-out-');
  dirs.push(dataDir, out);
  await seed(dataDir);

  const gen = await run([
    process.execPath,
    MAIN,
    'typegen',
    `--dir=${dataDir}`,
    `--out=${join(out, 'types.ts')}`,
  ]);
  expect(gen.out).toContain('types.ts');
  expect(gen.code).toBe(0);
  const types = readFileSync(join(out, 'types.ts'), 'utf8');
  expect(types).toContain('export interface PostsRecord');
  expect(types).toContain('export interface PostTitlesRecord');
  expect(types).not.toContain('PostTitlesCreate');

  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  writeFileSync(join(out, 'good.ts'), GOOD);
  tsconfig(out, ['types.ts', 'good.ts']);
  const good = await run([TSC, '-p', out], out);
  expect(good.out).toBe('');
  expect(good.code).toBe(0);

  // both wrong samples in one run: each must be reported on its own line
  writeFileSync(join(out, 'wrong-name.ts'), WRONG_NAME);
  writeFileSync(join(out, 'wrong-type.ts'), WRONG_TYPE);
  tsconfig(out, ['types.ts', 'wrong-name.ts', 'wrong-type.ts']);
  const bad = await run([TSC, '-p', out, '--pretty', 'false'], out);
  expect(bad.code).not.toBe(0);
  expect(bad.out).toMatch(/wrong-name\.ts\(7,\d+\): error TS2551: Property 'titel' does not exist/);
  expect(bad.out).toMatch(
    /wrong-type\.ts\(9,\d+\): error TS2339: Property 'toUpperCase' does not exist on type 'boolean'/,
  );
  expect(bad.out).toMatch(/wrong-type\.ts\(8,\d+\): error TS2322: Type '"gone"' is not assignable/);
  expect(bad.out).not.toContain('types.ts(');
});

test('typegen without --out prints to stdout', async () => {
  const dataDir = tempDir('satchel-typegen-stdout-');
  dirs.push(dataDir);
  const r = await run([process.execPath, MAIN, 'typegen', `--dir=${dataDir}`]);
  expect(r.code).toBe(0);
  expect(r.out).toContain('export interface TypedPocketBase extends PocketBase');
  expect(r.out).toContain('collection(idOrName: "users"): RecordService<UsersRecord>;');
});
