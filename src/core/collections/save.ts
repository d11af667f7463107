// Create / update / delete / truncate a collection: validate, hooks around the write, one transaction.
import type { Conn } from '../../db/conn.ts';
import type { CollectionEvent } from '../../hooks/events.ts';
import { afterSuccess, type Core, readConn } from '../core.ts';
import { nowDate } from '../dates.ts';
import {
  BadRequestError,
  type ErrorData,
  hasErrors,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { deleteStoredPrefix } from '../files/storage.ts';
import { newTokenSecret } from './defaults.ts';
import type { Collection } from './model.ts';
import { draftCollection, draftNewCollection } from './normalize.ts';
import { persistCollection, removeCollection } from './persist.ts';
import { validateCollection } from './validate.ts';
import { mergeErrors } from './validation-errors.ts';

export const CREATE_FAILED = 'Failed to create collection.';
export const UPDATE_FAILED = 'Failed to update collection.';
export const DELETE_FAILED = 'Failed to delete collection.';

/**
 * Runs `fn` in a write transaction and refreshes the collection cache from it; on failure the
 * cache is reloaded from what is actually stored (the transaction may have reloaded it early).
 */
export async function collectionsWrite<T>(
  core: Core,
  fn: (tx: Conn) => Promise<T> | T,
): Promise<T> {
  try {
    return await core.store.writes.run(async (tx) => {
      const out = await fn(tx);
      core.collections.reload(tx);
      return out;
    });
  } catch (err) {
    core.collections.reload(readConn(core));
    throw err;
  }
}

export function requireCollection(core: Core, idOrName: string): Collection {
  const c = core.collections.find(idOrName);
  if (!c) throw new NotFoundError();
  return c;
}

/** Other collections with a relation field pointing at `c` (self-references don't count). */
export function referencingCollections(core: Core, c: Collection): Collection[] {
  return core.collections
    .all()
    .filter(
      (o) =>
        o.id !== c.id && o.fields.some((f) => f.type === 'relation' && f.collectionId === c.id),
    );
}

/** After the commit, on whichever storage the settings select (local disk or S3). */
export async function removeFiles(core: Core, collectionId: string): Promise<void> {
  // Ids are `^\w+$`; the storage refuses unsafe keys anyway.
  if (!/^\w+$/.test(collectionId)) return;
  await deleteStoredPrefix(core, collectionId);
}

/** Validates and writes `next` inside `tx`, without hooks (migrations); `prev` is the stored version on update. */
export function validateAndPersist(
  core: Core,
  tx: Conn,
  next: Collection,
  prev: Collection | undefined,
  draftErrors: ErrorData,
  message: string,
): void {
  const ctx = { lookup: core.collections, conn: tx };
  const errors = mergeErrors(validateCollection(ctx, next, prev), draftErrors);
  if (hasErrors(errors)) throw new ValidationError(message, errors);
  stampAndPersist(core, tx, next, prev, message);
}

/**
 * PocketBase's order inside `onCollectionCreate/Update`: `onCollectionValidate` around the
 * validation, then `onCollectionCreate/UpdateExecute` around the write itself.
 */
async function validateAndExecute(
  core: Core,
  tx: Conn,
  e: CollectionEvent,
  draftErrors: ErrorData,
  message: string,
): Promise<void> {
  const prev = e.original;
  await core.hooks.onCollectionValidate.trigger(e, (v) => {
    const ctx = { lookup: core.collections, conn: tx };
    const errors = mergeErrors(validateCollection(ctx, v.collection, prev), draftErrors);
    if (hasErrors(errors)) throw new ValidationError(message, errors);
  });
  const hooks = core.hooks;
  const execute = prev ? hooks.onCollectionUpdateExecute : hooks.onCollectionCreateExecute;
  await execute.trigger(e, (x) => stampAndPersist(core, tx, x.collection, prev, message));
}

/** Timestamps, the auth-rule secret rotation, then the write (validation already done). */
export function stampAndPersist(
  core: Core,
  tx: Conn,
  next: Collection,
  prev: Collection | undefined,
  message: string,
): void {
  const now = nowDate();
  if (!prev) next.created = now;
  next.updated = now;
  // §2: changing who may authenticate invalidates every token issued under the old rule.
  if (prev?.auth && next.auth && prev.auth.authRule !== next.auth.authRule) {
    next.auth.authToken.secret = newTokenSecret();
  }
  persistCollection(tx, core.collections, next, prev, message);
}

/** `POST /api/collections`. */
export async function createCollection(
  core: Core,
  input: Record<string, unknown>,
): Promise<Collection> {
  const hooks = core.hooks;
  let event: CollectionEvent | undefined;
  try {
    await collectionsWrite(core, async (tx) => {
      const draft = draftNewCollection({ lookup: core.collections, conn: tx }, input);
      event = { collection: draft.collection };
      await hooks.onCollectionCreate.trigger(event, (ev) =>
        validateAndExecute(core, tx, ev, draft.errors, CREATE_FAILED),
      );
    });
  } catch (error) {
    if (event) await hooks.onCollectionAfterCreateError.trigger({ ...event, error });
    throw error;
  }
  const done = event as unknown as CollectionEvent;
  const saved = core.collections.find(done.collection.id) ?? done.collection;
  await afterSuccess(
    core,
    () => hooks.onCollectionAfterCreateSuccess.trigger({ collection: saved }),
    (error) => hooks.onCollectionAfterCreateError.trigger({ collection: saved, error }),
  );
  return saved;
}

/** `PATCH /api/collections/{c}`: the patch merged over the stored collection. */
export async function updateCollection(
  core: Core,
  idOrName: string,
  patch: Record<string, unknown>,
): Promise<Collection> {
  const hooks = core.hooks;
  let event: CollectionEvent | undefined;
  try {
    await collectionsWrite(core, async (tx) => {
      const original = requireCollection(core, idOrName);
      const draft = draftCollection({ lookup: core.collections, conn: tx }, original, patch);
      event = { collection: draft.collection, original };
      await hooks.onCollectionUpdate.trigger(event, (ev) =>
        validateAndExecute(core, tx, ev, draft.errors, UPDATE_FAILED),
      );
    });
  } catch (error) {
    if (event) await hooks.onCollectionAfterUpdateError.trigger({ ...event, error });
    throw error;
  }
  const done = event as unknown as CollectionEvent;
  const saved = core.collections.find(done.collection.id) ?? done.collection;
  const after = { collection: saved, original: done.original };
  await afterSuccess(
    core,
    () => hooks.onCollectionAfterUpdateSuccess.trigger(after),
    (error) => hooks.onCollectionAfterUpdateError.trigger({ ...after, error }),
  );
  return saved;
}

/** Refusals of a delete (§7 of http-api.md): system, referenced by relations. */
export function checkDeletable(core: Core, c: Collection, ignore: Set<string> = new Set()): void {
  if (c.system) throw new BadRequestError(DELETE_FAILED);
  const refs = referencingCollections(core, c).filter((r) => !ignore.has(r.id));
  if (refs.length)
    throw new BadRequestError(
      `Failed to delete collection probably due to existing reference in ${refs.map((r) => r.name).join(', ')}.`,
    );
}

/** Removes `c` inside `tx`, refusing when a working view would break. */
export function deleteInTx(tx: Conn, c: Collection): void {
  const broken = removeCollection(tx, c);
  if (broken.length)
    throw new BadRequestError(
      `Failed to delete collection due to existing view dependencies: ${broken.join(', ')}. Try delete them first.`,
    );
}

/** `DELETE /api/collections/{c}`. */
export async function deleteCollection(core: Core, idOrName: string): Promise<void> {
  const hooks = core.hooks;
  let event: CollectionEvent | undefined;
  try {
    await collectionsWrite(core, async (tx) => {
      const target = requireCollection(core, idOrName);
      checkDeletable(core, target);
      event = { collection: target };
      await hooks.onCollectionDelete.trigger(event, (ev) =>
        hooks.onCollectionDeleteExecute.trigger(ev, () => deleteInTx(tx, target)),
      );
    });
  } catch (error) {
    if (event) await hooks.onCollectionAfterDeleteError.trigger({ ...event, error });
    throw error;
  }
  const c = (event as unknown as CollectionEvent).collection;
  await afterSuccess(
    core,
    async () => {
      await removeFiles(core, c.id);
      await hooks.onCollectionAfterDeleteSuccess.trigger({ collection: c });
    },
    (error) => hooks.onCollectionAfterDeleteError.trigger({ collection: c, error }),
  );
}
