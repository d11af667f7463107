// `app.importCollections(list, deleteMissing)` inside a migration: the import of http-api.md §7,
// synchronous and without hooks, so it runs in the migration's own transaction.
import type { Conn } from '../../db/conn.ts';
import { IMPORT_FAILED } from '../collections/import.ts';
import { findByName, overlayLookup } from '../collections/lookup.ts';
import { isPlainObject } from '../collections/merge.ts';
import type { Collection } from '../collections/model.ts';
import { draftCollection, draftNewCollection } from '../collections/normalize.ts';
import { removeCollection } from '../collections/persist.ts';
import { stampAndPersist } from '../collections/save.ts';
import { validateCollection } from '../collections/validate.ts';
import { mergeErrors } from '../collections/validation-errors.ts';
import type { Core } from '../core.ts';
import { hasErrors, ValidationError } from '../errors.ts';

type Json = Record<string, unknown>;

function existingOf(core: Core, input: Json): Collection | undefined {
  const id = typeof input.id === 'string' ? input.id : '';
  const name = typeof input.name === 'string' ? input.name : '';
  return (
    (id ? core.collections.all().find((c) => c.id === id) : undefined) ??
    (name ? findByName(core.collections, name) : undefined)
  );
}

function draft(core: Core, tx: Conn, input: Json, deleteMissing: boolean) {
  const existing = existingOf(core, input);
  const ctx = { lookup: core.collections, conn: tx };
  if (!existing) return { existing, d: draftNewCollection(ctx, input) };
  const d = draftCollection(
    ctx,
    existing,
    { ...input, id: existing.id },
    {
      keepMissingFields: !deleteMissing,
      fieldsRequired: deleteMissing,
    },
  );
  return { existing, d };
}

/** Upserts by id, else name; tables before views; `deleteMissing` drops the others (views first). */
export function importCollectionsSync(
  core: Core,
  tx: Conn,
  list: unknown,
  deleteMissing: boolean,
): void {
  const items = (Array.isArray(list) ? list : []).map((i) => JSON.parse(JSON.stringify(i)) as Json);
  if (!items.length || !items.every(isPlainObject)) throw new ValidationError(IMPORT_FAILED, {});
  if (deleteMissing) {
    const kept = new Set(items.flatMap((i) => existingOf(core, i)?.id ?? []));
    const missing = core.collections.all().filter((c) => !c.system && !kept.has(c.id));
    missing.sort((a, b) => Number(b.type === 'view') - Number(a.type === 'view'));
    // As the API import: a view reading from a deleted table is no refusal here (PocketBase).
    for (const c of missing) removeCollection(tx, c);
    core.collections.reload(tx);
  }
  const isView = (i: Json) => (existingOf(core, i)?.type ?? i.type) === 'view';
  const tables = items.filter((i) => !isView(i)).map((i) => draft(core, tx, i, deleteMissing));
  const overlay = overlayLookup(
    core.collections,
    tables.map((t) => t.d.collection),
  );
  for (const { existing, d } of tables) {
    const errors = mergeErrors(
      validateCollection({ lookup: overlay, conn: tx, isImport: true }, d.collection, existing),
      d.errors,
    );
    if (hasErrors(errors))
      throw new ValidationError(`${IMPORT_FAILED} (${d.collection.name})`, errors);
  }
  for (const { existing, d } of tables)
    stampAndPersist(core, tx, d.collection, existing, IMPORT_FAILED);
  core.collections.reload(tx);
  // Views may read from each other: retry the failing ones while some progress is made.
  let pending = items.filter(isView);
  while (pending.length) {
    const failed: Json[] = [];
    let lastError: unknown;
    for (const input of pending) {
      const { existing, d } = draft(core, tx, input, deleteMissing);
      const errors = mergeErrors(
        validateCollection(
          { lookup: core.collections, conn: tx, isImport: true },
          d.collection,
          existing,
        ),
        d.errors,
      );
      if (hasErrors(errors)) {
        failed.push(input);
        lastError = new ValidationError(`${IMPORT_FAILED} (${d.collection.name})`, errors);
        continue;
      }
      stampAndPersist(core, tx, d.collection, existing, IMPORT_FAILED);
      core.collections.reload(tx);
    }
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
}
