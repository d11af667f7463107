// `migrate-to-postgres`'s schema step: the collections made on PostgreSQL through the core's import,
// and what PostgreSQL refused (views, indexes) kept out of the copied `_collections` rows.
import type { SQL } from 'bun';
import { openCore } from '../app.ts';
import { collectionToJSON } from '../core/collections/codec.ts';
import { importCollections } from '../core/collections/import.ts';
import type { Collection } from '../core/collections/model.ts';
import type { Core } from '../core/core.ts';
import { describeError } from './describe-error.ts';
import { encryptionFromFlags, type GlobalFlags } from './flags.ts';

/**
 * The collections through the core's import, so PostgreSQL gets the same tables a new collection
 * would. Tables first (with their indexes, or without them if PostgreSQL refuses one, then index by
 * index), then views one by one: what PostgreSQL can't take becomes a warning, not a failed copy.
 * Returns the ids of the views left out.
 */
export async function createSchema(
  dir: string,
  url: string,
  flags: GlobalFlags,
  collections: Collection[],
  warnings: string[],
): Promise<Schema> {
  const schema: Schema = { skippedViews: [], indexes: new Map() };
  const core = await openCore(dir, { dbUrl: url, encryption: encryptionFromFlags(flags) });
  try {
    const json = collections.map(withSecrets);
    const tables = json.filter((c) => c.type !== 'view');
    const views = json.filter((c) => c.type === 'view');
    try {
      await importCollections(core, tables, false);
    } catch (err) {
      // Some index PostgreSQL refuses: the tables with their UNIQUE indexes (auth identity fields
      // need them), then the other indexes one at a time.
      const uniqueOnly = (c: Record<string, unknown>) =>
        ((c.indexes as string[]) ?? []).filter((i) => /^\s*create\s+unique\s/i.test(i));
      try {
        await importCollections(
          core,
          tables.map((c) => ({ ...c, indexes: uniqueOnly(c) })),
          false,
        );
      } catch {
        throw err;
      }
      for (const c of tables) {
        const kept = await addIndexes(core, c, uniqueOnly(c), warnings);
        if (kept.length < ((c.indexes as string[]) ?? []).length)
          schema.indexes.set(String(c.id), kept);
      }
    }
    for (const view of views) {
      try {
        await importCollections(core, [view], false);
      } catch (err) {
        warnings.push(`${view.name}: view not created (${oneLine(describeError(err))})`);
        schema.skippedViews.push(String(view.id));
      }
    }
    return schema;
  } finally {
    await core.store.writes.drain();
    core.store.close();
  }
}

async function addIndexes(
  core: Core,
  c: Record<string, unknown>,
  made: string[],
  warnings: string[],
): Promise<string[]> {
  const kept = [...made];
  for (const index of (c.indexes as string[]) ?? []) {
    if (kept.includes(index)) continue;
    try {
      await importCollections(core, [{ ...c, indexes: [...kept, index] }], false);
      kept.push(index);
    } catch (err) {
      warnings.push(`${c.name}: index not created: ${index} (${oneLine(describeError(err))})`);
    }
  }
  return kept;
}

/** What the copy of `_collections` must leave out: views and indexes PostgreSQL refused. */
export interface Schema {
  skippedViews: string[];
  /** Collection id → the indexes it has on PostgreSQL, when fewer than on SQLite. */
  indexes: Map<string, string[]>;
}

/** After `_collections` is copied verbatim: rows that would name what PostgreSQL doesn't have. */
export async function leaveOut(target: SQL, schema: Schema): Promise<void> {
  if (schema.skippedViews.length > 0) {
    await target.unsafe('DELETE FROM "_collections" WHERE id = ANY($1::text[])', [
      schema.skippedViews,
    ]);
  }
  for (const [id, indexes] of schema.indexes) {
    await target.unsafe('UPDATE "_collections" SET indexes = ($2::text)::jsonb WHERE id = $1', [
      id,
      JSON.stringify(indexes),
    ]);
  }
}

/** The API shape plus what it hides (token and OAuth2 client secrets): tokens stay valid after the move. */
function withSecrets(c: Collection): Record<string, unknown> {
  const json = collectionToJSON(c);
  return c.type === 'auth' && c.auth ? { ...json, ...structuredClone(c.auth) } : json;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
