// `PUT /api/collections/import`: upserts a whole schema in one transaction (http-api.md §7).
import type { Conn } from '../../db/conn.ts';
import type { CollectionEvent } from '../../hooks/events.ts';
import type { Core } from '../core.ts';
import {
  BadRequestError,
  type ErrorData,
  fieldError,
  hasErrors,
  isFieldError,
  ValidationError,
} from '../errors.ts';
import { type CollectionLookup, findByName, overlayLookup } from './lookup.ts';
import { isPlainObject } from './merge.ts';
import type { Collection } from './model.ts';
import { type Draft, draftCollection, draftNewCollection } from './normalize.ts';
import { collectionsWrite, deleteInTx, removeFiles, stampAndPersist } from './save.ts';
import { validateCollection } from './validate.ts';
import { mergeErrors, required } from './validation-errors.ts';

export const IMPORT_FAILED = 'Failed to import collections.';

interface Item {
  index: number;
  input: Record<string, unknown>;
  existing?: Collection;
}

/** `fields.2.name: Cannot be blank.` lines, for the single import failure message. */
function describe(data: ErrorData, prefix = ''): string[] {
  return Object.entries(data).flatMap(([k, v]) =>
    isFieldError(v) ? [`${prefix}${k}: ${v.message}`] : describe(v, `${prefix}${k}.`),
  );
}

function failure(problems: Map<string, ErrorData>): ValidationError {
  const lines = [...problems].flatMap(([name, data]) =>
    describe(data).map((l) => `[${name}] ${l}`),
  );
  return new ValidationError(IMPORT_FAILED, {
    collections: {
      code: 'validation_collections_import_failure',
      message: `Failed to import the collections configuration. Raw error:\n${lines.join('\n')}`,
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
  await hook.trigger(e, (ev) => stampAndPersist(core, tx, ev.collection, prev, IMPORT_FAILED));
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
  if (!Array.isArray(collections) || collections.length === 0)
    throw new ValidationError(IMPORT_FAILED, { collections: required() });
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
      // Views first: they read from the tables about to go.
      missing.sort((a, b) => Number(b.type === 'view') - Number(a.type === 'view'));
      for (const c of missing) {
        try {
          await core.hooks.onCollectionDelete.trigger({ collection: c }, () => deleteInTx(tx, c));
        } catch (err) {
          // A view still reading from it, say: reported in the import's own envelope.
          if (!(err instanceof BadRequestError)) throw err;
          throw failure(
            new Map([
              [c.name, { delete: fieldError('validation_collection_delete', err.message) }],
            ]),
          );
        }
        events.push({ kind: 'delete', e: { collection: c, viaImport: true } });
      }
      core.collections.reload(tx);
    }
    const problems = new Map<string, ErrorData>();
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
        validateCollection({ lookup: overlay, conn: tx }, d.collection, i.existing),
        d.errors,
      );
      if (hasErrors(errors)) problems.set(d.collection.name || String(i.index), errors);
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
          validateCollection({ lookup: core.collections, conn: tx }, d.collection, i.existing),
          d.errors,
        );
        if (hasErrors(errors)) {
          failed.push(i);
          problems.set(d.collection.name || String(i.index), errors);
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
