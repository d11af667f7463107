// The core's hook points and their event types; every record and collection write passes through the model hooks.

import type { Collection } from '../core/collections/model.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import type { RecordData } from '../core/records/record.ts';
import type { RequestMeta } from '../core/records/request-meta.ts';
import type { Settings } from '../core/settings/defaults.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { Hook } from './hook.ts';

export interface RecordEvent {
  collection: Collection;
  /** The record being written: a handler may change it before `e.next()` (the write uses it). */
  record: RecordData;
  /** The stored record before an update (undefined on create). */
  original?: RecordData;
  auth: AuthInfo | null;
}

/** `…AfterXError`: the write failed, or the transaction around it rolled back later. */
export interface RecordErrorEvent extends RecordEvent {
  error: unknown;
}

export interface CollectionEvent {
  collection: Collection;
  /** The stored collection before an update/delete (undefined on create). */
  original?: Collection;
  /** Part of `PUT /api/collections/import`: automigrate writes no file for it (as PocketBase). */
  viaImport?: boolean;
}

export interface CollectionErrorEvent extends CollectionEvent {
  error: unknown;
}

/**
 * `onRecordEnrich`: a record about to be sent to one viewer (REST answers, expanded relations,
 * auth responses, realtime messages). Changes apply to that answer only, never to storage.
 */
export interface RecordEnrichEvent {
  collection: Collection;
  /** A copy of the record: change values, or add keys sent with `withCustomData(true)`. */
  record: RecordData;
  /** The viewer (null: a guest). */
  auth: AuthInfo | null;
  requestInfo: RequestMeta | undefined;
  /** Leaves these keys out of the answer (superusers still get hidden fields, as in PocketBase). */
  hide(...names: string[]): void;
  /** Sends these hidden fields (never a password, the token key or a concealed email). */
  unhide(...names: string[]): void;
  /** Sends the keys added to `record` that are not fields. */
  withCustomData(state: boolean): void;
}

/** `onMailerSend`: every e-mail the app sends; a handler may change the message or not send it. */
export interface MailerEvent {
  message: MailMessage;
}

/** `onMailerRecord*Send`: an auth e-mail to a record, before `onMailerSend`. */
export interface MailerRecordEvent extends MailerEvent {
  collection: Collection;
  record: RecordData;
  /** What the template was given: `token`, `otp`, `otpId`, `alertInfo`. */
  meta: Record<string, unknown>;
}

/** `onRealtimeMessageSend`: one message to one realtime client. */
export interface RealtimeMessageEvent {
  clientId: string;
  /** `name` is the subscription topic; `data` the JSON text sent. */
  message: { name: string; data: string };
}

/** `onSettingsReload`: the settings were loaded or saved (handlers see the new ones). */
export interface SettingsReloadEvent {
  settings: Settings;
}

/** `onBackupCreate` / `onBackupRestore`: around taking or restoring the backup `name`. */
export interface BackupEvent {
  name: string;
}

/**
 * PocketBase's model hooks, in its order (core/db.go): `onXCreate` wraps everything, its code
 * before `e.next()` runs before validation → `onXValidate` → `onXCreateExecute` wraps the write
 * itself → commit → `onXAfterCreateSuccess` once the outermost transaction committed, or
 * `onXAfterCreateError` when the write failed or a transaction around it rolled back.
 */
export function createHooks() {
  return {
    onRecordValidate: new Hook<RecordEvent>(),
    onRecordCreate: new Hook<RecordEvent>(),
    onRecordCreateExecute: new Hook<RecordEvent>(),
    onRecordAfterCreateSuccess: new Hook<RecordEvent>(),
    onRecordAfterCreateError: new Hook<RecordErrorEvent>(),
    onRecordUpdate: new Hook<RecordEvent>(),
    onRecordUpdateExecute: new Hook<RecordEvent>(),
    onRecordAfterUpdateSuccess: new Hook<RecordEvent>(),
    onRecordAfterUpdateError: new Hook<RecordErrorEvent>(),
    onRecordDelete: new Hook<RecordEvent>(),
    onRecordDeleteExecute: new Hook<RecordEvent>(),
    onRecordAfterDeleteSuccess: new Hook<RecordEvent>(),
    onRecordAfterDeleteError: new Hook<RecordErrorEvent>(),
    onRecordEnrich: new Hook<RecordEnrichEvent>(),
    onCollectionValidate: new Hook<CollectionEvent>(),
    onCollectionCreate: new Hook<CollectionEvent>(),
    onCollectionCreateExecute: new Hook<CollectionEvent>(),
    onCollectionAfterCreateSuccess: new Hook<CollectionEvent>(),
    onCollectionAfterCreateError: new Hook<CollectionErrorEvent>(),
    onCollectionUpdate: new Hook<CollectionEvent>(),
    onCollectionUpdateExecute: new Hook<CollectionEvent>(),
    onCollectionAfterUpdateSuccess: new Hook<CollectionEvent>(),
    onCollectionAfterUpdateError: new Hook<CollectionErrorEvent>(),
    onCollectionDelete: new Hook<CollectionEvent>(),
    onCollectionDeleteExecute: new Hook<CollectionEvent>(),
    onCollectionAfterDeleteSuccess: new Hook<CollectionEvent>(),
    onCollectionAfterDeleteError: new Hook<CollectionErrorEvent>(),
    onMailerSend: new Hook<MailerEvent>(),
    onMailerRecordPasswordResetSend: new Hook<MailerRecordEvent>(),
    onMailerRecordVerificationSend: new Hook<MailerRecordEvent>(),
    onMailerRecordEmailChangeSend: new Hook<MailerRecordEvent>(),
    onMailerRecordOTPSend: new Hook<MailerRecordEvent>(),
    onMailerRecordAuthAlertSend: new Hook<MailerRecordEvent>(),
    onRealtimeMessageSend: new Hook<RealtimeMessageEvent>(),
    onSettingsReload: new Hook<SettingsReloadEvent>(),
    onBackupCreate: new Hook<BackupEvent>(),
    onBackupRestore: new Hook<BackupEvent>(),
  };
}

export type Hooks = ReturnType<typeof createHooks>;
