// The one write pipeline every record create/update goes through: API, CLI and auth flows (http-api.md §3.3/§3.4).

import type { RecordEvent } from '../../hooks/events.ts';
import type { AuthInfo } from '../auth/auth-info.ts';
import { type Collection, SUPERUSERS } from '../collections/model.ts';
import type { Core } from '../context.ts';
import { nowDate } from '../dates.ts';
import {
  BadRequestError,
  type ErrorData,
  hasErrors,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { deleteStoredFiles } from '../files/storage.ts';
import { extractUploads, fileNames, type Uploads, writeUploads } from '../files/uploads.ts';
import { generateFromPattern, newRecordId } from '../ids.ts';
import { emptyRecord } from './codec.ts';
import { deleteAuthRows } from './delete.ts';
import { findRecordById } from './find.ts';
import { applyBody, rulesBody } from './modifiers.ts';
import { persistRecord } from './persist.ts';
import type { RecordData } from './record.ts';
import { filterContext, type RequestMeta } from './request-info.ts';
import {
  assertRuleNotLocked,
  canManage,
  canManageNew,
  checkRule,
  newRecordMatches,
} from './rules.ts';
import { bodySecrets, recordSecrets, type Secrets } from './secrets.ts';
import { authFormErrors, validateRecord } from './validate.ts';

export { deleteRecord, deleteRecordInternal } from './delete.ts';

type Body = Record<string, unknown>;

export interface CreateRecordInput {
  collection: Collection | string;
  body: Body;
  auth: AuthInfo | null;
  /** Uploaded files by field key (`avatar`, `avatar+`, `+avatar`); File values in `body` work too. */
  files?: Record<string, File[]>;
  /** The request the rules see (`@request.query`, `headers`, `method`, `context`). */
  meta?: RequestMeta;
}

export interface UpdateRecordInput {
  collection: Collection | string;
  id: string;
  body: Body;
  auth: AuthInfo | null;
  meta?: RequestMeta;
}

export interface InternalSaveOptions {
  isNew: boolean;
  /** Who caused the write (seen by hooks). */
  auth?: AuthInfo | null;
  /** false skips field validation, like PocketBase's SaveNoValidate (reference clean-up on delete). */
  validate?: boolean;
}

const CREATE_FAILED = 'Failed to create record.';
const UPDATE_FAILED = 'Failed to update record.';

/** The collection, refusing views: they are read-only (collections-and-fields.md §3). */
export function writableCollection(core: Core, collection: Collection | string): Collection {
  const c = typeof collection === 'string' ? core.collections.require(collection) : collection;
  if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
  return c;
}

export async function createRecord(core: Core, input: CreateRecordInput): Promise<RecordData> {
  const c = writableCollection(core, input.collection);
  const { auth } = input;
  assertRuleNotLocked(c.createRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  const { body, uploads } = await extractUploads(c, { ...input.body, ...input.files });
  const secrets = await bodySecrets({
    collection: c,
    body,
    isNew: true,
    original: null,
    // Manager rights only spare `oldPassword`, which a create never asks for.
    isManager: isSuperuser,
    allowHidden: isSuperuser,
  });
  return runSave(core, c, {
    isNew: true,
    id: null,
    auth,
    isManager: isSuperuser,
    validate: true,
    secrets,
    uploads,
    build: () => {
      const record = emptyRecord(c);
      const errors = applyBody(c, record, body, { allowHidden: isSuperuser });
      if (isSuperuser) return { record, errors };
      // createRule and manageRule see the would-be record (defaults + body + modifiers), before
      // autogenerate, and `@request.body` with the modifiers resolved (filter-and-rules.md §5.2).
      const ctx = filterContext(
        auth,
        input.meta,
        rulesBody(c, body, record, { allowHidden: false }),
      );
      const rule = c.createRule ?? '';
      if (rule !== '' && !newRecordMatches(core, c, record, rule, ctx)) {
        throw new ValidationError(CREATE_FAILED);
      }
      return { record, errors, isManager: canManageNew(core, c, auth, record, ctx) };
    },
  });
}

export async function updateRecord(core: Core, input: UpdateRecordInput): Promise<RecordData> {
  const c = writableCollection(core, input.collection);
  const { auth } = input;
  assertRuleNotLocked(c.updateRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  const existing = findRecordById(core, c, input.id);
  if (!existing) throw new NotFoundError();
  const { body: inputBody, uploads } = await extractUploads(c, input.body);
  let isManager = isSuperuser;
  if (!isSuperuser) {
    // The updateRule sees the stored record plus `@request.body` with the modifiers resolved
    // against the stored values (filter-and-rules.md §5.2); failing it looks like a missing record.
    const preview = structuredClone(existing);
    applyBody(c, preview, inputBody, { allowHidden: false });
    const body = rulesBody(c, inputBody, preview, { allowHidden: false });
    if (!checkRule(core, c, c.updateRule, auth, existing, input.meta, body)) {
      throw new NotFoundError();
    }
    isManager = canManage(core, c, auth, existing, input.meta, body);
  }
  const secrets = await bodySecrets({
    collection: c,
    body: inputBody,
    isNew: false,
    original: existing,
    isManager,
    allowHidden: isSuperuser,
  });
  return runSave(core, c, {
    isNew: false,
    id: existing.id,
    auth,
    isManager,
    validate: true,
    secrets,
    uploads,
    build: (original) => {
      const record = structuredClone(original!);
      const errors = applyBody(c, record, inputBody, { allowHidden: isSuperuser });
      return { record, errors };
    },
  });
}

/**
 * For internal callers (CLI, auth flows, reference clean-up): no API rules, manager rights. A
 * password field holding something other than the stored hash is a new plain text password.
 */
export async function saveRecordInternal(
  core: Core,
  collection: Collection | string,
  record: Partial<RecordData> & Record<string, unknown>,
  options: InternalSaveOptions,
): Promise<RecordData> {
  const c = writableCollection(core, collection);
  const stored = options.isNew ? null : findRecordById(core, c, String(record.id ?? ''));
  if (!options.isNew && !stored) throw new NotFoundError();
  const secrets = await recordSecrets(c, record as RecordData, stored);
  const { body: values, uploads } = await extractUploads(c, record);
  return runSave(core, c, {
    isNew: options.isNew,
    id: stored?.id ?? null,
    auth: options.auth ?? null,
    isManager: true,
    validate: options.validate ?? true,
    secrets,
    uploads,
    build: (original) => {
      const base = original ? structuredClone(original) : emptyRecord(c);
      const merged = { ...base, ...values } as RecordData;
      // Passwords are applied from the hashes; anything else in those fields is the old value.
      for (const f of c.fields) if (f.type === 'password') merged[f.name] = base[f.name];
      merged.id = String(merged.id ?? '');
      return { record: merged, errors: {} };
    },
  });
}

interface SavePlan {
  isNew: boolean;
  /** The stored record's id on update. */
  id: string | null;
  auth: AuthInfo | null;
  isManager: boolean;
  validate: boolean;
  secrets: Secrets;
  /** New files by generated name; only those the final record keeps are written. */
  uploads: Uploads;
  /**
   * Builds the would-be record from the stored one, inside the transaction (modifiers see fresh
   * values); may settle manager rights, which on create depend on the would-be record.
   */
  build(original: RecordData | null): {
    record: RecordData;
    errors: ErrorData;
    isManager?: boolean;
  };
}

async function runSave(core: Core, c: Collection, plan: SavePlan): Promise<RecordData> {
  const hooks = core.hooks;
  let event: RecordEvent | null = null;
  let original: RecordData | null = null;
  try {
    await core.store.writes.run(async () => {
      original = plan.id === null ? null : findRecordById(core, c, plan.id);
      if (plan.id !== null && !original) throw new NotFoundError();
      const { record, errors, isManager = plan.isManager } = plan.build(original);
      if (plan.validate) {
        const form = authFormErrors(c, record, original, isManager, plan.secrets.form);
        if (hasErrors(form))
          throw new ValidationError(plan.isNew ? CREATE_FAILED : UPDATE_FAILED, form);
      }
      const e: RecordEvent = {
        collection: c,
        record,
        original: original ?? undefined,
        auth: plan.auth,
      };
      event = e;
      const hook = plan.isNew ? hooks.onRecordCreate : hooks.onRecordUpdate;
      await hook.trigger(e, async (ev) => {
        const passwordChanged = await prepareForWrite(core, c, ev.record, original, plan.secrets);
        if (plan.validate) {
          await hooks.onRecordValidate.trigger(ev, async (v) => {
            const all = await validateRecord(core, {
              collection: c,
              record: v.record,
              original,
              errors: { ...errors, ...plan.secrets.errors },
              passwordsProvided: plan.secrets.provided,
              uploads: plan.uploads,
            });
            if (hasErrors(all))
              throw new ValidationError(plan.isNew ? CREATE_FAILED : UPDATE_FAILED, all);
          });
        }
        setAutodates(c, ev.record, original);
        // Files before the row; if this write, or a batch around it, rolls back they go again.
        if (plan.uploads.size > 0) {
          const id = ev.record.id;
          const written = await writeUploads(core, c, id, plan.uploads, fileNames(c, ev.record));
          core.store.writes.onRollback(() => deleteStoredFiles(core, c.id, id, written));
        }
        persistRecord(core, c, ev.record, original, plan.isNew ? CREATE_FAILED : UPDATE_FAILED);
        if (passwordChanged && original) await clearAuthSessions(core, c, ev.record.id);
      });
    });
  } catch (error) {
    if (event) {
      const failed = plan.isNew ? hooks.onRecordAfterCreateError : hooks.onRecordAfterUpdateError;
      await failed.trigger({ ...(event as RecordEvent), error });
    }
    throw error;
  }
  const done = event as unknown as RecordEvent;
  const before = original as RecordData | null;
  if (before) {
    // Replaced and removed files go only once the write is durable (never before the commit).
    const kept = fileNames(c, done.record);
    const removed = [...fileNames(c, before)].filter((n) => !kept.has(n));
    if (removed.length > 0) {
      await afterSuccess(core, () => deleteStoredFiles(core, c.id, before.id, removed));
    }
  }
  const success = plan.isNew ? hooks.onRecordAfterCreateSuccess : hooks.onRecordAfterUpdateSuccess;
  await afterSuccess(core, () => success.trigger(done));
  return done.record;
}

/**
 * Runs after-success hooks once the write is durable: inside an outer transaction (a batch, a
 * cascade) they wait for its commit and are dropped if it rolls back; otherwise right away.
 */
export async function afterSuccess(core: Core, fn: () => Promise<unknown>): Promise<void> {
  if (core.store.writes.inTransaction) core.store.writes.afterCommit(fn);
  else await fn();
}

/**
 * Everything a write sets by itself: new password hashes, autogenerated values (id, tokenKey, …),
 * tokenKey rotation on password/e-mail change, `_superusers` always verified. Returns whether the
 * auth password changed.
 */
async function prepareForWrite(
  core: Core,
  c: Collection,
  record: RecordData,
  original: RecordData | null,
  secrets: Secrets,
): Promise<boolean> {
  for (const [name, hash] of secrets.hashes) record[name] = hash;
  if (!original) {
    for (const f of c.fields) {
      if (f.type !== 'text' || record[f.name]) continue;
      const pattern = String(f.autogeneratePattern ?? '');
      if (pattern) record[f.name] = safeGenerate(pattern);
    }
    if (!record.id) record.id = newRecordId();
  }
  if (c.type !== 'auth') return false;
  if (c.name === SUPERUSERS) record.verified = true;
  const passwordChanged = secrets.hashes.has('password');
  if (original && record.tokenKey === original.tokenKey) {
    const emailChanged = record.email !== original.email;
    const newlyVerified = !original.verified && record.verified === true;
    // Verifying drops OAuth2 links made before (anti pre-hijacking, collections-and-fields.md §6).
    const droppedLinks =
      newlyVerified && (await deleteAuthRows(core, c, record.id, ['_externalAuths'])) > 0;
    if (passwordChanged || emailChanged || droppedLinks) record.tokenKey = newTokenKey(c);
  }
  return passwordChanged;
}

function newTokenKey(c: Collection): string {
  const field = c.fields.find((f) => f.name === 'tokenKey');
  return (
    safeGenerate(String(field?.autogeneratePattern ?? '')) || generateFromPattern('[a-zA-Z0-9]{50}')
  );
}

/** A pattern the generator can't handle leaves the value empty, so validation reports it (no 500). */
function safeGenerate(pattern: string): string {
  if (!pattern) return '';
  try {
    return generateFromPattern(pattern);
  } catch {
    return '';
  }
}

function setAutodates(c: Collection, record: RecordData, original: RecordData | null): void {
  const now = nowDate();
  for (const f of c.fields) {
    if (f.type !== 'autodate') continue;
    if (!original) {
      // Internal callers (imports) may carry a date already; API bodies never set autodates.
      if (f.onCreate && !record[f.name]) record[f.name] = now;
    } else if (f.onUpdate && record[f.name] === original[f.name]) {
      record[f.name] = now;
    }
  }
}

/** A new password ends MFA sessions and known login origins (collections-and-fields.md §6). */
async function clearAuthSessions(core: Core, c: Collection, recordId: string): Promise<void> {
  await deleteAuthRows(core, c, recordId, ['_mfas', '_authOrigins']);
}
