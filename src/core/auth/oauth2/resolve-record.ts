// Provider user → auth record (auth.md §4.3): existing link, the logged-in requester, a verified e-mail, or a new record.
import type { Collection } from '../../collections/model.ts';
import { SUPERUSERS_ID } from '../../collections/model.ts';
import { EXTERNAL_AUTHS } from '../../collections/system-collections.ts';
import { type Core, readConn } from '../../core.ts';
import { BadRequestError, SatchelError } from '../../errors.ts';
import { randomString } from '../../ids.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import { createRecord } from '../../records/create.ts';
import { findFirstByField, findRecordById } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';
import type { RequestMeta } from '../../records/request-info.ts';
import { deleteAuthRows, saveRecordInternal } from '../../records/save.ts';
import { findAuthRecordByEmail } from '../auth-form.ts';
import type { ProviderUser } from './provider-user.ts';

export interface ResolveInput {
  collection: Collection;
  provider: string;
  user: ProviderUser;
  requester: AuthInfo | null;
  createData: Record<string, unknown>;
  request?: RequestMeta;
  /** The downloaded avatar for a file-typed `mappedFields.avatarURL` (see `avatarFileField`). */
  avatar?: File | null;
}

function linkedRecord(core: Core, input: ResolveInput): RecordData | null {
  const row = readConn(core).get<{ recordRef: string }>(
    `SELECT "recordRef" FROM "${EXTERNAL_AUTHS}" WHERE "collectionRef" = ? AND "provider" = ? AND "providerId" = ? LIMIT 1`,
    [input.collection.id, input.provider, input.user.id],
  );
  return row ? findRecordById(core, input.collection, row.recordRef) : null;
}

/** The mapped username only when the field would accept it and nobody has it yet. */
function usableUsername(core: Core, c: Collection, field: string, value: string): boolean {
  const f = c.fields.find((x) => x.name === field);
  if (f?.type !== 'text' || !value) return false;
  const max = Number(f.max) || 0;
  const min = Number(f.min) || 0;
  if ((max > 0 && value.length > max) || value.length < min) return false;
  if (f.pattern && !new RegExp(String(f.pattern)).test(value)) return false;
  return findFirstByField(core, c, field, value) === null;
}

/** `createData` wins key by key; provider values only fill what it lacks (auth.md §4.3). */
function createPayload(core: Core, input: ResolveInput): Record<string, unknown> {
  const { collection: c, user } = input;
  const payload: Record<string, unknown> = { ...input.createData };
  if (!payload.email) payload.email = user.email;
  const mapped = c.auth!.oauth2.mappedFields;
  const fill = (field: string, value: string) => {
    if (!field || !value || payload[field] !== undefined) return;
    if (!c.fields.some((f) => f.name === field)) return;
    payload[field] = value;
  };
  fill(mapped.id, user.id);
  fill(mapped.name, user.name);
  if (usableUsername(core, c, mapped.username, user.username)) fill(mapped.username, user.username);
  const avatarField = c.fields.find((f) => f.name === mapped.avatarURL);
  if (avatarField?.type === 'file') {
    // A File goes through the create pipeline's upload handling like a multipart part.
    if (input.avatar && payload[avatarField.name] === undefined)
      payload[avatarField.name] = input.avatar;
  } else if (avatarField) fill(mapped.avatarURL, user.avatarURL);
  if (!payload.password) {
    const pw = randomString(30);
    payload.password = pw;
    payload.passwordConfirm = pw;
  }
  return payload;
}

async function createFromProvider(core: Core, input: ResolveInput): Promise<RecordData> {
  const { collection: c, user } = input;
  if (c.id === SUPERUSERS_ID) throw new BadRequestError('Failed to authenticate.');
  const created = await createRecord(core, {
    collection: c,
    body: createPayload(core, input),
    auth: input.requester,
    meta: { ...input.request, context: 'oauth2' } as RequestMeta,
  });
  // Only the provider's own (verified) address proves anything: a client-supplied
  // `createData.email` that differs never becomes verified (account-takeover advisory).
  if (user.email && created.email === user.email && created.verified !== true) {
    return saveRecordInternal(core, c, { id: created.id, verified: true }, { isNew: false });
  }
  return created;
}

/** Existing-record adjustments, each a protection against a pre-registered account (auth.md §4.3). */
async function adoptExisting(
  core: Core,
  input: ResolveInput,
  record: RecordData,
): Promise<RecordData> {
  const { collection: c, user } = input;
  if (record.verified === true) {
    if (!record.email && user.email) {
      return saveRecordInternal(core, c, { id: record.id, email: user.email }, { isNew: false });
    }
    return record;
  }
  const update: Record<string, unknown> = { id: record.id };
  const isRequester =
    input.requester?.collection.id === c.id && input.requester.record.id === record.id;
  // Whoever pre-registered this unverified account with a password of theirs loses it.
  if (!isRequester) update.password = randomString(30);
  await deleteAuthRows(core, c, record.id, [EXTERNAL_AUTHS]);
  const email = String(record.email ?? '');
  if (!email && user.email) update.email = user.email;
  // An account without an e-mail has nothing left to prove: verified too, as PocketBase does.
  if (!email || email === user.email) update.verified = true;
  return saveRecordInternal(core, c, update, { isNew: false });
}

async function ensureLink(core: Core, input: ResolveInput, record: RecordData): Promise<void> {
  const exists = readConn(core).get(
    `SELECT 1 FROM "${EXTERNAL_AUTHS}" WHERE "collectionRef" = ? AND "recordRef" = ? AND "provider" = ? AND "providerId" = ?`,
    [input.collection.id, record.id, input.provider, input.user.id],
  );
  if (exists) return;
  await saveRecordInternal(
    core,
    EXTERNAL_AUTHS,
    {
      collectionRef: input.collection.id,
      recordRef: record.id,
      provider: input.provider,
      providerId: input.user.id,
    },
    { isNew: true },
  );
}

/** The file field the avatar is mapped to, when the avatar should be downloaded at all. */
export function avatarFileField(input: ResolveInput): string | null {
  const { collection: c, user } = input;
  const name = c.auth!.oauth2.mappedFields.avatarURL;
  if (!name || !user.avatarURL || input.createData[name] !== undefined) return null;
  return c.fields.find((f) => f.name === name)?.type === 'file' ? name : null;
}

function existingRecord(core: Core, input: ResolveInput): RecordData | null {
  let record = linkedRecord(core, input);
  if (!record && input.requester?.collection.id === input.collection.id) {
    record = findRecordById(core, input.collection, input.requester.record.id);
  }
  // Only a provider-verified address may reach an existing account (provider-user.ts).
  if (!record && input.user.email) {
    record = findAuthRecordByEmail(core, input.collection, input.user.email);
  }
  return record;
}

/**
 * Whether a new record would be created, read outside the write transaction so a slow avatar
 * download never holds the write queue. The transaction decides again; a race only costs a download.
 */
export function wouldCreate(core: Core, input: ResolveInput): boolean {
  return existingRecord(core, input) === null;
}

/** In one write transaction: resolve or create, adjust, link. `isNew` for the response meta. */
export async function resolveOAuth2Record(
  core: Core,
  input: ResolveInput,
): Promise<{ record: RecordData; isNew: boolean }> {
  try {
    return await core.store.writes.run(async () => {
      let record = existingRecord(core, input);
      let isNew = false;
      if (record) record = await adoptExisting(core, input, record);
      else {
        record = await createFromProvider(core, input);
        isNew = true;
      }
      await ensureLink(core, input, record);
      return { record, isNew };
    });
  } catch (err) {
    if (err instanceof SatchelError && err.status === 400) throw err;
    if (err instanceof SatchelError) throw new BadRequestError('Failed to authenticate.');
    throw err;
  }
}
