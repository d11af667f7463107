// The `app` a migration file receives: PocketBase's synchronous calls over core's synchronous pieces.
//
// Why synchronous works: a collection save (draft → validate → DDL → `_collections` row) is plain
// bun:sqlite work inside the write transaction the runner holds, so `app.save(c)` returns at once,
// as in PocketBase, and every file of a run shares that one transaction. Collection hooks are not
// fired (they are async and belong to requests); automigrate never sees migration saves.
import type { Conn } from '../../db/conn.ts';
import { findByName } from '../collections/lookup.ts';
import type { Collection as StoredCollection } from '../collections/model.ts';
import { draftCollection, draftNewCollection } from '../collections/normalize.ts';
import {
  CREATE_FAILED,
  checkDeletable,
  DELETE_FAILED,
  deleteInTx,
  removeFiles,
  UPDATE_FAILED,
  validateAndPersist,
} from '../collections/save.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import { importCollectionsSync } from './import-sync.ts';
import { Collection, collectionModel, Record, unmarshal } from './js-api.ts';
import {
  deleteRecordSync,
  findAuthRecordSync,
  findFirstRecordSync,
  findRecordSync,
  saveRecordSync,
} from './records.ts';
import { SettingsModel, saveSettingsSync } from './settings.ts';

export interface MigrationApp {
  save(model: unknown): void;
  delete(model: unknown): void;
  findCollectionByNameOrId(idOrName: string): Collection;
  findAllCollections(...types: string[]): Collection[];
  /** Already inside the run's transaction: `fn` runs with this same app. */
  runInTransaction(fn: (app: MigrationApp) => unknown): void;
  importCollections(collections: unknown, deleteMissing?: boolean): void;
  findRecordById(collection: unknown, id: string): Record;
  findFirstRecordByData(collection: unknown, field: string, value: unknown): Record;
  findAuthRecordByEmail(collection: unknown, email: string): Record;
  /** A copy of the app settings; `app.save(settings)` writes it. */
  settings(): SettingsModel;
  /** Raw SQL for data fix-ups (`app.db().newQuery(sql).execute()` in PocketBase). */
  db(): { newQuery(sql: string): { execute(): void } };
}

function stored(core: Core, model: Collection): StoredCollection | undefined {
  return (
    (model.id ? core.collections.all().find((c) => c.id === model.id) : undefined) ??
    (model.name ? findByName(core.collections, model.name) : undefined)
  );
}

/** PocketBase's `app.save(collection)`: created when unknown, else updated; the model is refreshed. */
export function saveCollectionSync(core: Core, tx: Conn, model: Collection): void {
  const prev = stored(core, model);
  const ctx = { lookup: core.collections, conn: tx };
  const input = model.toJSON();
  const draft = prev
    ? draftCollection(ctx, prev, { ...input, id: prev.id })
    : draftNewCollection(ctx, input);
  validateAndPersist(
    core,
    tx,
    draft.collection,
    prev,
    draft.errors,
    prev ? UPDATE_FAILED : CREATE_FAILED,
  );
  core.collections.reload(tx);
  const saved = core.collections.find(draft.collection.id);
  if (saved) unmarshal(collectionModel(saved), model);
}

export function deleteCollectionSync(core: Core, tx: Conn, model: Collection): void {
  const target = stored(core, model);
  if (!target) throw new NotFoundError(DELETE_FAILED);
  checkDeletable(core, target);
  deleteInTx(tx, target);
  core.collections.reload(tx);
  core.store.writes.afterCommit(() => removeFiles(core, target.id));
}

export function createMigrationApp(core: Core, tx: Conn): MigrationApp {
  const app: MigrationApp = {
    save(model) {
      if (model instanceof Collection) return saveCollectionSync(core, tx, model);
      if (model instanceof Record) return saveRecordSync(core, model);
      if (model instanceof SettingsModel) return saveSettingsSync(core, tx, model);
      throw new Error('app.save: expects a Collection, a Record or the settings');
    },
    delete(model) {
      if (model instanceof Collection) return deleteCollectionSync(core, tx, model);
      if (model instanceof Record) return deleteRecordSync(core, model);
      throw new Error('app.delete: expects a Collection or a Record');
    },
    findCollectionByNameOrId(idOrName) {
      const c = core.collections.find(String(idOrName));
      // PocketBase's error for a missing row, which files may test for.
      if (!c) throw new Error('sql: no rows in result set');
      return collectionModel(c);
    },
    findAllCollections(...types) {
      return core.collections
        .all()
        .filter((c) => !types.length || types.includes(c.type))
        .map(collectionModel);
    },
    runInTransaction(fn) {
      fn(app);
    },
    importCollections(collections, deleteMissing = false) {
      importCollectionsSync(core, tx, collections, deleteMissing);
    },
    findRecordById(collection, id) {
      return findRecordSync(core, collection, id);
    },
    findFirstRecordByData(collection, field, value) {
      return findFirstRecordSync(core, collection, field, value);
    },
    findAuthRecordByEmail(collection, email) {
      return findAuthRecordSync(core, collection, email);
    },
    settings() {
      return new SettingsModel(core.settings.get());
    },
    db() {
      return { newQuery: (sql: string) => ({ execute: () => rawExec(tx, sql) }) };
    },
  };
  return app;
}

/**
 * A migration's raw SQL runs on the active engine as written; on PostgreSQL a refusal says so, since
 * migrations written for PocketBase usually hold SQLite-only SQL.
 */
function rawExec(tx: Conn, sql: string): void {
  try {
    tx.exec(sql);
  } catch (err) {
    if (tx.engine !== 'postgres') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `raw SQL refused by PostgreSQL (migrations run their SQL on the active engine; SQLite-only SQL must be rewritten): ${reason}`,
    );
  }
}
