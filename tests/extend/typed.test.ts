// Typed native hooks (issue 13 item 7): with `satchel typegen`'s CollectionRecords, e.record is typed
// per collection and route params per pattern; tsc accepts correct use and rejects wrong fields.
import { afterAll, expect, test } from 'bun:test';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../../src/app.ts';
import { createCollection } from '../../src/core/collections/save.ts';
import { generateTypes } from '../../src/core/schema/typescript.ts';
import { tempDir } from '../support/server.ts';

const ROOT = resolve(import.meta.dir, '../..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const GOOD = `import type { HookApp } from 'satchel';
import { onRecordCreate, routerAdd } from 'satchel';
import type { CollectionRecords } from './types';

declare module 'satchel' {
  interface Register { records: CollectionRecords }
}

export default (app: HookApp<CollectionRecords>) => {
  app.onRecordCreate('posts', async (e) => {
    const title: string = e.record.title;
    const views: number = e.record.views;
    e.record.title = title.trim() + views.toFixed();
    await e.next();
  });
  app.onRecordUpdate((e) => {
    const before: string | undefined = e.original?.title;
    void before;
    return e.next();
  }, 'posts');
  app.onRecordCreate<'posts'>((e) => e.next());
  app.onRecordDelete((e) => { const id: string = e.record.id; void id; return e.next(); });
  app.onCollectionCreate((e) => { const n: string = e.collection.name; void n; return e.next(); });
  app.routerAdd('GET', '/api/hello/{name}/{rest...}', (e) => ({
    name: e.params.name.toUpperCase(),
    rest: e.params.rest,
  }));
  app.cronAdd('nightly', '0 3 * * *', async () => {});
};

// Top-level functions, typed through the Register declaration above.
onRecordCreate('posts', (e) => { const t: string = e.record.title; void t; return e.next(); });
routerAdd('GET', '/api/x/{id}', (e) => e.json(200, { id: e.params.id }));
`;

const BAD = `import type { HookApp } from 'satchel';
import type { CollectionRecords } from './types';

export default (app: HookApp<CollectionRecords>) => {
  app.onRecordCreate('posts', (e) => { const t: string = e.record.titel; void t; return e.next(); });
  app.onRecordCreate('postz', (e) => e.next());
  app.onRecordCreate((e) => { const n: string = e.record.views; void n; return e.next(); }, 'posts');
  app.routerAdd('GET', '/api/hello/{name}', (e) => e.params.nam);
};
`;

test('hooks typed per collection compile, and a wrong field, collection or param fails', async () => {
  const data = tempDir('satchel-typed-data-');
  const out = tempDir('satchel-typed-out-');
  dirs.push(data, out);
  const core = await openCore(data);
  try {
    await createCollection(core, {
      name: 'posts',
      type: 'base',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'views', type: 'number' },
      ],
    });
    writeFileSync(join(out, 'types.ts'), generateTypes(core.collections.all()));
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  const tsconfig = (files: string[]) =>
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { paths: { satchel: [join(ROOT, 'src/index.ts')] } },
        include: [],
        files,
      }),
    );
  const tsc = async () => {
    const proc = Bun.spawn([TSC, '-p', out, '--pretty', 'false'], { cwd: out, stdout: 'pipe' });
    const [text, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return { text, code };
  };

  // One run (tsc reads all of Satchel's sources): only bad.ts may be reported.
  writeFileSync(join(out, 'good.ts'), GOOD);
  writeFileSync(join(out, 'bad.ts'), BAD);
  tsconfig(['types.ts', 'good.ts', 'bad.ts']);
  const bad = await tsc();
  expect(bad.text.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('bad.ts('))).toEqual([]);
  expect(bad.code).not.toBe(0);
  expect(bad.text).toMatch(/bad\.ts\(5,\d+\): error TS2551: Property 'titel' does not exist/);
  expect(bad.text).toMatch(
    /bad\.ts\(6,\d+\): error TS2769: No overload[\s\S]*type '"postz"' is not/,
  );
  expect(bad.text).toMatch(/bad\.ts\(7,\d+\): error TS2322: Type 'number' is not assignable/);
  expect(bad.text).toMatch(/bad\.ts\(8,\d+\): error TS2551: Property 'nam' does not exist/);
  expect(bad.text).not.toContain('src/');
}, 120_000);
