// Satchel's file templates against PocketBase's own output: replaying the PocketBase-written
// fixtures step by step, the file Satchel would write for each step is the file PocketBase wrote.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openCore } from '../../../src/app.ts';
import type { Collection } from '../../../src/core/collections/model.ts';
import type { Core } from '../../../src/core/core.ts';
import { loadMigrations } from '../../../src/core/migrations/load.ts';
import { migrateUp } from '../../../src/core/migrations/runner.ts';
import {
  createTemplate,
  deleteTemplate,
  diffMaps,
  diffTemplate,
  goJSON,
} from '../../../src/core/migrations/templates.ts';
import { testDbUrl } from '../../support/db-inspect.ts';
import { tempDir } from '../../support/server.ts';

const FIXTURES = resolve(import.meta.dir, '../../fixtures/pocketbase-migrations');
const files = loadMigrations(FIXTURES);
const text = (i: number) => readFileSync(join(FIXTURES, files[i]!.file), 'utf8');

let core: Core;
/** The stored collection after the first `n` fixture files. */
const states: Map<string, Collection>[] = [];
beforeAll(async () => {
  core = await openCore(join(tempDir(), 'sb_data'), { dbUrl: await testDbUrl() });
  states.push(new Map());
  for (let n = 1; n <= files.length; n++) {
    await migrateUp(core, files.slice(0, n));
    states.push(new Map(core.collections.all().map((c) => [c.name, structuredClone(c)])));
  }
});
afterAll(() => core.store.close());

const at = (n: number, name: string) => states[n]!.get(name)!;

test.each([
  [0, 'posts'],
  [1, 'members'],
  [2, 'comments'],
  [3, 'post_stats'],
  [6, 'scratch'],
])('file %i: the created file PocketBase wrote for %s', (i, name) => {
  const c = at(i + 1, name);
  // View fields copied from a table get random `_clone_` ids on each side: compare without them.
  const norm = (s: string) => s.replace(/_clone_\w+/g, '_clone_');
  expect(norm(createTemplate(c))).toBe(norm(text(i)));
});

test.each([
  [4, 'posts'],
  [5, 'members'],
])('file %i: the updated file PocketBase wrote for %s (the diff)', (i, name) => {
  expect(diffTemplate(at(i + 1, name), at(i, name))).toBe(text(i));
});

test('file 7: the deleted file PocketBase wrote', () => {
  expect(deleteTemplate(at(7, 'scratch'))).toBe(text(7));
});

test('no change, no file; diffMaps as PocketBase', () => {
  expect(diffTemplate(at(8, 'posts'), at(8, 'posts'))).toBeNull();
  expect(
    diffMaps({ a: 1, b: { x: 1, y: 2 }, gone: 1 }, { a: 1, b: { x: 1, y: 3 }, new: [] }),
  ).toEqual({ b: { y: 3 }, new: [], gone: null });
  expect(goJSON({ b: [], a: { d: 1, c: '<&>' } })).toBe(
    '{\n    "a": {\n      "c": "<&>",\n      "d": 1\n    },\n    "b": []\n  }',
  );
});
