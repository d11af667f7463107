// The app's hook points and their event types; every record write passes through the record hooks.

import type { Collection } from '../core/collections/model.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import type { RecordData } from '../core/records/record.ts';
import { Hook } from './hook.ts';

export interface RecordEvent {
  collection: Collection;
  record: RecordData;
  /** The stored record before an update (undefined on create). */
  original?: RecordData;
  auth: AuthInfo | null;
}

export interface CollectionEvent {
  collection: Collection;
  /** The stored collection before an update/delete (undefined on create). */
  original?: Collection;
  /** Part of `PUT /api/collections/import`: automigrate writes no file for it (as PocketBase). */
  viaImport?: boolean;
}

/**
 * `onRecordCreate/Update/Delete` wrap validation + persistence inside the write transaction;
 * `...AfterSuccess` run after commit (realtime, logs); `...AfterError` after a failed write.
 */
export function createHooks() {
  return {
    onRecordValidate: new Hook<RecordEvent>(),
    onRecordCreate: new Hook<RecordEvent>(),
    onRecordUpdate: new Hook<RecordEvent>(),
    onRecordDelete: new Hook<RecordEvent>(),
    onRecordAfterCreateSuccess: new Hook<RecordEvent>(),
    onRecordAfterUpdateSuccess: new Hook<RecordEvent>(),
    onRecordAfterDeleteSuccess: new Hook<RecordEvent>(),
    onRecordAfterCreateError: new Hook<RecordEvent & { error: unknown }>(),
    onRecordAfterUpdateError: new Hook<RecordEvent & { error: unknown }>(),
    onRecordAfterDeleteError: new Hook<RecordEvent & { error: unknown }>(),
    onCollectionCreate: new Hook<CollectionEvent>(),
    onCollectionUpdate: new Hook<CollectionEvent>(),
    onCollectionDelete: new Hook<CollectionEvent>(),
    onCollectionAfterCreateSuccess: new Hook<CollectionEvent>(),
    onCollectionAfterUpdateSuccess: new Hook<CollectionEvent>(),
    onCollectionAfterDeleteSuccess: new Hook<CollectionEvent>(),
  };
}

export type Hooks = ReturnType<typeof createHooks>;
