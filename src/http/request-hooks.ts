// PocketBase's request hooks: each wraps a route's default action, its event is the request event plus what the route loaded.
//
// A handler reads or changes the event's fields, then `await e.next()` runs the default action
// (the route's core call and its answer); a handler that doesn't call it answers by itself with
// `e.json(…)` & co. (or with nothing: an empty 200, as Go's server sends). The fields are set on
// the request event itself only when a handler is bound: the hot paths stay as they are.

import type { BatchRequest } from '../core/batch/requests.ts';
import type { ListResult as CollectionsListResult } from '../core/collections/list.ts';
import type { Collection, Field } from '../core/collections/model.ts';
import type { ListResult as RecordsListResult } from '../core/records/list.ts';
import type { RecordData } from '../core/records/record.ts';
import { Hook } from '../hooks/hook.ts';
import type { RequestEvent } from './event.ts';

/** The event a request hook's handlers get: the request event with the route's fields. */
export type RequestHookEvent<T> = RequestEvent & T;

export interface CollectionFields {
  collection: Collection;
}

/** View, create, update, delete. Create/update: the would-be record; delete: the stored one. */
export interface RecordFields extends CollectionFields {
  record: RecordData | null;
}

export interface RecordsListFields extends CollectionFields {
  records: RecordData[];
  result: RecordsListResult;
}

/** `onRecordAuthRequest`: every successful auth answer; `record` is what is sent. */
export interface RecordAuthFields extends CollectionFields {
  record: Record<string, unknown>;
  token: string;
  meta: Record<string, unknown> | undefined;
  /** `password`, `otp`, `oauth2`, or '' for a refresh. */
  authMethod: string;
}

/** The login routes: the submitted identity, before the core looks the record up. */
export interface AuthWithPasswordFields extends CollectionFields {
  identity: string;
  identityField: string;
  password: string;
}

export interface AuthWithOTPFields extends CollectionFields {
  otpId: string;
}

export interface AuthWithOAuth2Fields extends CollectionFields {
  providerName: string;
}

/** The e-mail flows (request/confirm verification, password reset, email change, OTP). */
export interface RecordFormFields extends CollectionFields {
  /** The submitted body: a handler may change it before `e.next()`. */
  body: Record<string, unknown>;
}

export interface FileDownloadFields extends CollectionFields {
  record: RecordData;
  fileField: Field;
  servedName: string;
}

export interface FileTokenFields {
  /** Empty until the default action issued it. */
  token: string;
}

export interface BatchFields {
  /** The parsed sub-requests (`{method, url, headers, body}`), before any runs. */
  batch: BatchRequest[];
}

export interface CollectionsListFields {
  result: CollectionsListResult;
}

export interface CollectionRequestFields {
  /** Null on create until the default action made it. */
  collection: Collection | null;
  body: Record<string, unknown>;
}

export interface CollectionsImportFields {
  collectionsData: unknown;
  deleteMissing: boolean;
}

export interface SettingsListFields {
  settings: Record<string, unknown>;
}

export interface SettingsUpdateFields {
  oldSettings: Record<string, unknown>;
  /** The submitted patch. */
  newSettings: Record<string, unknown>;
}

export interface RealtimeSubscribeFields {
  clientId: string;
  subscriptions: string[];
}

const hook = <T>() => new Hook<RequestHookEvent<T>>();

/** Every request hook, by PocketBase's name. */
export function createRequestHooks() {
  return {
    onRecordsListRequest: hook<RecordsListFields>(),
    onRecordViewRequest: hook<RecordFields>(),
    onRecordCreateRequest: hook<RecordFields>(),
    onRecordUpdateRequest: hook<RecordFields>(),
    onRecordDeleteRequest: hook<RecordFields>(),
    onRecordAuthRequest: hook<RecordAuthFields>(),
    onRecordAuthWithPasswordRequest: hook<AuthWithPasswordFields>(),
    onRecordAuthWithOAuth2Request: hook<AuthWithOAuth2Fields>(),
    onRecordAuthRefreshRequest: hook<CollectionFields>(),
    onRecordAuthWithOTPRequest: hook<AuthWithOTPFields>(),
    onRecordRequestPasswordResetRequest: hook<RecordFormFields>(),
    onRecordConfirmPasswordResetRequest: hook<RecordFormFields>(),
    onRecordRequestVerificationRequest: hook<RecordFormFields>(),
    onRecordConfirmVerificationRequest: hook<RecordFormFields>(),
    onRecordRequestEmailChangeRequest: hook<RecordFormFields>(),
    onRecordConfirmEmailChangeRequest: hook<RecordFormFields>(),
    onRecordRequestOTPRequest: hook<RecordFormFields>(),
    onFileDownloadRequest: hook<FileDownloadFields>(),
    onFileTokenRequest: hook<FileTokenFields>(),
    onBatchRequest: hook<BatchFields>(),
    onCollectionsListRequest: hook<CollectionsListFields>(),
    onCollectionViewRequest: hook<CollectionRequestFields>(),
    onCollectionCreateRequest: hook<CollectionRequestFields>(),
    onCollectionUpdateRequest: hook<CollectionRequestFields>(),
    onCollectionDeleteRequest: hook<CollectionRequestFields>(),
    onCollectionsImportRequest: hook<CollectionsImportFields>(),
    onSettingsListRequest: hook<SettingsListFields>(),
    onSettingsUpdateRequest: hook<SettingsUpdateFields>(),
    onRealtimeConnectRequest: hook<object>(),
    onRealtimeSubscribeRequest: hook<RealtimeSubscribeFields>(),
  };
}

export type RequestHooks = ReturnType<typeof createRequestHooks>;

/**
 * Runs `action` (the route's default behaviour) through `hook`. Unbound: `action(fields)` and
 * nothing else. Bound: the fields go onto the request event, the handlers run around `action`.
 */
export function runRequestHook<T extends object>(
  hook: Hook<RequestHookEvent<T>>,
  e: RequestEvent,
  fields: T,
  action: (x: T) => Response | Promise<Response>,
): Response | Promise<Response> {
  // No handler bound: the action's own answer, not wrapped in one more promise to settle.
  if (hook.length === 0) return action(fields);
  return runHooked(hook, e, fields, action);
}

async function runHooked<T extends object>(
  hook: Hook<RequestHookEvent<T>>,
  e: RequestEvent,
  fields: T,
  action: (x: T) => Response | Promise<Response>,
): Promise<Response> {
  const event = Object.assign(e, fields) as RequestHookEvent<T>;
  let answer: Response | undefined;
  e.response = null;
  try {
    await hook.trigger(event, async (x) => {
      answer = await action(x);
    });
  } finally {
    // The hook chain's `next` shadowed the middleware chain's on the instance.
    delete (event as { next?: unknown }).next;
  }
  return answer ?? e.response ?? new Response(null, { status: 200 });
}
