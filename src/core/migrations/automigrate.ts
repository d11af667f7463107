// Automigrate, as PocketBase's migratecmd: every collection create, update or delete made through the
// collections API or the dashboard writes a `.js` file and records it as applied. Imports and
// migration runs write none (they are not requests of that kind, as in PocketBase).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { snakecase } from '../inflector.ts';
import { isMigrationFile } from './load.ts';
import { recordApplied } from './runner.ts';
import { createTemplate, deleteTemplate, diffTemplate } from './templates.ts';

/** `…test` names get a `_` so that no file ends in `_test.js` (PocketBase's rule, for Go). */
function fileName(name: string): string {
  return name.toLowerCase().endsWith('test') ? `${name}_` : name;
}

/**
 * Unix seconds, as PocketBase names files, but after every file already in the dir: two changes
 * in one second would otherwise sort by action name (`deleted_x` before `updated_x`), or clash.
 */
export function nextStamp(dir: string, now = Math.floor(Date.now() / 1000)): number {
  let last = 0;
  try {
    for (const f of readdirSync(dir)) {
      const n = Number(/^(\d+)_/.exec(f)?.[1] ?? 0);
      if (isMigrationFile(f) && n > last) last = n;
    }
  } catch {
    // no dir yet: nothing to come after
  }
  return Math.max(now, last + 1);
}

/** Writes `${stamp}_${label}.js` into `dir` and returns its name (the dir is created if missing). */
export function writeMigrationFile(dir: string, label: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  // 'wx': a file of the same name (another process's, this second) is never overwritten.
  for (let stamp = nextStamp(dir); ; stamp++) {
    const file = `${stamp}_${label}.js`;
    try {
      writeFileSync(join(dir, file), text, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** `migrate create NAME` → `1700000000_add_posts.js`. */
export function blankFileLabel(name: string): string {
  return snakecase(name);
}

async function record(
  core: Core,
  dir: string,
  action: string,
  c: Collection,
  text: string | null,
): Promise<void> {
  if (text === null) return; // nothing changed
  try {
    // Named inside the write transaction: under `serve --workers` its lock is every worker's, so
    // changes made through two workers in one second get distinct stamps in the order they're written.
    await core.store.writes.run((tx) => {
      const file = writeMigrationFile(dir, `${action}_${fileName(c.name)}`, text);
      recordApplied(tx, file);
    });
  } catch (err) {
    // The change itself is committed; a missing file is reported, never a failed request.
    console.error(`automigrate: failed to write the migration for "${c.name}":`, err);
  }
}

/** Satchel's own handlers: what they throw is a bug, not a user hook's error. */
const SYSTEM = { system: true };

/** Binds the hooks; returns a function that unbinds them. */
export function registerAutomigrate(core: Core, dir: string): () => void {
  const h = core.hooks;
  const ids = [
    h.onCollectionAfterCreateSuccess.bind(async (e) => {
      if (!e.viaImport)
        await record(core, dir, 'created', e.collection, createTemplate(e.collection));
      await e.next();
    }, SYSTEM),
    h.onCollectionAfterUpdateSuccess.bind(async (e) => {
      if (!e.viaImport && e.original) {
        const text = diffTemplate(e.collection, e.original);
        await record(core, dir, 'updated', e.original, text);
      }
      await e.next();
    }, SYSTEM),
    h.onCollectionAfterDeleteSuccess.bind(async (e) => {
      if (!e.viaImport)
        await record(core, dir, 'deleted', e.collection, deleteTemplate(e.collection));
      await e.next();
    }, SYSTEM),
  ];
  return () => {
    h.onCollectionAfterCreateSuccess.unbind(ids[0]!);
    h.onCollectionAfterUpdateSuccess.unbind(ids[1]!);
    h.onCollectionAfterDeleteSuccess.unbind(ids[2]!);
  };
}
