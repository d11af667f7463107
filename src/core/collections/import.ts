// `PUT /api/collections/import`: upserts a whole schema in one transaction (http-api.md §7).
import type { Conn } from '../../db/conn.ts';
import type { CollectionEvent } from '../../hooks/events.ts';
import type { Core } from '../core.ts';
import { type ErrorData, hasErrors, isFieldError, ValidationError } from '../errors.ts';
import { type CollectionLookup, findByName, overlayLookup } from './lookup.ts';
import { isPlainObject } from './merge.ts';
import type { Collection } from './model.ts';
import { type Draft, draftCollection, draftNewCollection } from './normalize.ts';
import { removeCollection } from './persist.ts';
import { collectionsWrite, removeFiles, stampAndPersist } from './save.ts';
import { validateCollection } from './validate.ts';
import { mergeErrors, required } from './validation-errors.ts';

export const IMPORT_FAILED = 'Failed to import collections.';

interface Item {
  index: number;
  input: Record<string, unknown>;
  existing?: Collection;
}

/** ozzo-validation's built-in rules: their raw text is lower-case, without a final period. */
const OZZO_CODES = new Set([
  'validation_required',
  'validation_nil_or_not_empty_required',
  'validation_match_invalid',
  'validation_in_invalid',
  'validation_not_in_invalid',
  'validation_min_greater_equal_than_required',
  'validation_max_less_equal_than_required',
  'validation_length_out_of_range',
  'validation_length_too_long',
  'validation_length_too_short',
  'validation_length_empty_required',
  'validation_nil',
  'validation_empty',
  'validation_is_email',
  'validation_is_url',
]);

/**
 * The errors as ozzo-validation's `Errors` marshals them (each error its raw text, keys sorted):
 * `{name: {code: 'validation_match_invalid', message: 'Must be in a valid format.'}}` →
 * `{"name": "must be in a valid format"}`.
 */
function rawErrors(data: ErrorData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(data).sort()) {
    const v = data[k]!;
    if (!isFieldError(v)) out[k] = rawErrors(v);
    else if (!OZZO_CODES.has(v.code)) out[k] = v.message;
    else out[k] = v.message.charAt(0).toLowerCase() + v.message.slice(1).replace(/\.$/, '');
  }
  return out;
}

/**
 * PocketBase validates the imported collections one by one and reports the first that fails:
 * `Data validations failed for collection "bad name" (pbc_3080758453):\n{\n  "name": "must be in
 * a valid format"\n}.`
 */
function failure(problems: Map<string, { id: string; errors: ErrorData }>): ValidationError {
  const [name, { id, errors }] = [...problems][0]!;
  return new ValidationError(IMPORT_FAILED, {
    collections: {
      code: 'validation_collections_import_failure',
      message: `Data validations failed for collection ${JSON.stringify(name)} (${id}):\n${JSON.stringify(rawErrors(errors), null, 2)}`,
    },
  });
}

function matchExisting(lookup: CollectionLookup, input: Record<string, unknown>): Item['existing'] {
  const id = typeof input.id === 'string' ? input.id : '';
  const name = typeof input.name === 'string' ? input.name : '';
  return (
    (id ? lookup.all().find((c) => c.id === id) : undefined) ??
    (name ? findByName(lookup, name) : undefined)
  );
}

function draftItem(core: Core, tx: Conn, item: Item, deleteMissing: boolean): Draft {
  const ctx = { lookup: core.collections, conn: tx };
  if (!item.existing) return draftNewCollection(ctx, item.input);
  // Matched by name: the stored id wins over whatever id the payload carries.
  const input = { ...item.input, id: item.existing.id };
  return draftCollection(ctx, item.existing, input, {
    keepMissingFields: !deleteMissing,
    fieldsRequired: deleteMissing,
  });
}

async function save(core: Core, tx: Conn, next: Collection, prev: Collection | undefined) {
  const e: CollectionEvent = prev
    ? { collection: next, original: prev, viaImport: true }
    : { collection: next, viaImport: true };
  const hook = prev ? core.hooks.onCollectionUpdate : core.hooks.onCollectionCreate;
  const execute = prev
    ? core.hooks.onCollectionUpdateExecute
    : core.hooks.onCollectionCreateExecute;
  await hook.trigger(e, (ev) =>
    execute.trigger(ev, (x) => stampAndPersist(core, tx, x.collection, prev, IMPORT_FAILED)),
  );
  return e;
}

/**
 * Each item is matched to a stored collection by id, else name, and merged over it (system fields
 * kept); unmatched items are created. With `deleteMissing`, non-system collections absent from the
 * payload are deleted and missing fields dropped. Base/auth collections go before views.
 */
export async function importCollections(
  core: Core,
  collections: unknown,
  deleteMissing: boolean,
): Promise<void> {
  // A blank list fails PocketBase's form validation, before its import (hence the other message).
  if (!Array.isArray(collections) || collections.length === 0)
    throw new ValidationError('An error occurred while validating the submitted data.', {
      collections: required(),
    });
  if (!collections.every(isPlainObject))
    throw new ValidationError(IMPORT_FAILED, {
      collections: {
        code: 'validation_collections_import_failure',
        message: 'Invalid collections data.',
      },
    });
  const events: { kind: 'create' | 'update' | 'delete'; e: CollectionEvent }[] = [];
  await collectionsWrite(core, async (tx) => {
    const items: Item[] = collections.map((input, index) => ({
      index,
      input: input as Record<string, unknown>,
      existing: matchExisting(core.collections, input as Record<string, unknown>),
    }));
    if (deleteMissing) {
      const kept = new Set(items.flatMap((i) => (i.existing ? [i.existing.id] : [])));
      const missing = core.collections.all().filter((c) => !c.system && !kept.has(c.id));
      // Views first: they read from the tables about to go. As in PocketBase (integrity checks
      // off), a view still reading from a deleted table is no reason to refuse: the import's items
      // may point it elsewhere, and one kept as is fails its own validation below.
      missing.sort((a, b) => Number(b.type === 'view') - Number(a.type === 'view'));
      for (const c of missing) {
        await core.hooks.onCollectionDelete.trigger({ collection: c }, (ev) =>
          core.hooks.onCollectionDeleteExecute.trigger(ev, () => {
            removeCollection(tx, c);
          }),
        );
        events.push({ kind: 'delete', e: { collection: c, viaImport: true } });
      }
      core.collections.reload(tx);
    }
    const problems = new Map<string, { id: string; errors: ErrorData }>();
    const isView = (i: Item) => (i.existing?.type ?? i.input.type) === 'view';
    // Tables first, validated together so relations may point at collections of the same import.
    const tables = items
      .filter((i) => !isView(i))
      .map((i) => ({ i, d: draftItem(core, tx, i, deleteMissing) }));
    const overlay = overlayLookup(
      core.collections,
      tables.map((t) => t.d.collection),
    );
    for (const { i, d } of tables) {
      const errors = mergeErrors(
        validateCollection({ lookup: overlay, conn: tx, isImport: true }, d.collection, i.existing),
        d.errors,
      );
      if (hasErrors(errors))
        problems.set(d.collection.name || String(i.index), { id: d.collection.id, errors });
    }
    if (problems.size) throw failure(problems);
    for (const { i, d } of tables) {
      const e = await save(core, tx, d.collection, i.existing);
      events.push({ kind: i.existing ? 'update' : 'create', e });
    }
    // Views may read from each other: retry the ones that fail until no progress is made.
    let pending = items.filter(isView);
    while (pending.length) {
      const failed: Item[] = [];
      problems.clear();
      for (const i of pending) {
        core.collections.reload(tx);
        const d = draftItem(core, tx, i, deleteMissing);
        const errors = mergeErrors(
          validateCollection(
            { lookup: core.collections, conn: tx, isImport: true },
            d.collection,
            i.existing,
          ),
          d.errors,
        );
        if (hasErrors(errors)) {
          failed.push(i);
          problems.set(d.collection.name || String(i.index), { id: d.collection.id, errors });
          continue;
        }
        const e = await save(core, tx, d.collection, i.existing);
        events.push({ kind: i.existing ? 'update' : 'create', e });
      }
      if (failed.length === pending.length) throw failure(problems);
      pending = failed;
    }
  });
  for (const { kind, e } of events) {
    // A deleted collection's files go with it, as with DELETE /api/collections/{c}.
    if (kind === 'delete') await removeFiles(core, e.collection.id);
    const hook =
      kind === 'create'
        ? core.hooks.onCollectionAfterCreateSuccess
        : kind === 'update'
          ? core.hooks.onCollectionAfterUpdateSuccess
          : core.hooks.onCollectionAfterDeleteSuccess;
    await hook.trigger(e);
  }
}
