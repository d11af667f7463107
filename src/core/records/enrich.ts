// onRecordEnrich: the hooks' changes to what one viewer gets of a record (REST, expand, auth, realtime).
//
// Handlers work on a copy before serialization; their hide/unhide/custom-data choices are applied
// to the serialized JSON afterwards. Nothing of this runs when no handler is bound.
import type { RecordEnrichEvent } from '../../hooks/events.ts';
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { AuthInfo } from './auth-info.ts';
import { zeroValue } from './codec.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { type SerializeOptions, serializeRecord, serializeRecords } from './serialize.ts';

export interface Enrichment {
  /** The record as the handlers left it. */
  record: RecordData;
  /** Key → shown (`unhide`) or left out (`hide`); null when no handler chose. */
  visibility: Map<string, boolean> | null;
  customData: boolean;
}

/** Never sent, whatever a handler unhides: secrets, and an email the viewer may not see. */
const NEVER_UNHIDDEN = new Set(['password', 'tokenKey', 'email']);

export function hasEnrichHooks(core: Core): boolean {
  return core.hooks.onRecordEnrich.length > 0;
}

export async function enrichRecord(
  core: Core,
  collection: Collection,
  record: RecordData,
  auth: AuthInfo | null,
  meta: RequestMeta | undefined,
): Promise<Enrichment> {
  const state: Enrichment = { record: { ...record }, visibility: null, customData: false };
  const mark = (names: string[], shown: boolean) => {
    state.visibility ??= new Map();
    for (const n of names) state.visibility.set(n, shown);
  };
  const event: RecordEnrichEvent = {
    collection,
    record: state.record,
    auth,
    requestInfo: meta,
    hide: (...names) => mark(names, false),
    unhide: (...names) => mark(names, true),
    withCustomData: (on) => {
      state.customData = on;
    },
  };
  await core.hooks.onRecordEnrich.trigger(event);
  state.record = event.record;
  return state;
}

/**
 * `json` (the viewer's serialization of `e.record`) with the handlers' choices applied. PocketBase
 * unhides every field for superusers after the hooks ran: a hidden *field* still reaches them,
 * hidden custom keys and `expand`/`collectionName` do not.
 */
export function applyEnrichment(
  collection: Collection,
  json: Record<string, unknown>,
  e: Enrichment,
  isSuperuser: boolean,
): Record<string, unknown> {
  if (!e.visibility && !e.customData) return json;
  const fields = new Map(collection.fields.map((f) => [f.name, f]));
  let changed = false;
  for (const [name, shown] of e.visibility ?? []) {
    const field = fields.get(name);
    if (shown) {
      if (!field || name in json || NEVER_UNHIDDEN.has(name) || field.type === 'password') continue;
      json[name] = e.record[name] ?? zeroValue(field);
      changed = true;
    } else if (name in json && !(isSuperuser && field)) {
      delete json[name];
      changed = true;
    }
  }
  if (e.customData) {
    for (const [key, value] of Object.entries(e.record)) {
      if (fields.has(key) || key in json || e.visibility?.get(key) === false) continue;
      json[key] = value;
      changed = true;
    }
  }
  if (!changed) return json;
  // Records are sent with sorted keys, as PocketBase's maps are.
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(json).sort()) sorted[key] = json[key];
  return sorted;
}

/** serializeRecords through the enrich hooks (one record after the other, as PocketBase). */
export async function serializeEnriched(
  core: Core,
  collection: Collection,
  records: RecordData[],
  options: Omit<SerializeOptions, 'managed' | 'expand'>,
): Promise<{ json: Record<string, unknown>[]; records: RecordData[] }> {
  const enriched: Enrichment[] = [];
  for (const r of records) {
    enriched.push(await enrichRecord(core, collection, r, options.auth, options.meta));
  }
  const changed = enriched.map((e) => e.record);
  const isSuperuser = options.auth?.isSuperuser ?? false;
  const json = serializeRecords(core, collection, changed, options).map((j, i) =>
    applyEnrichment(collection, j, enriched[i]!, isSuperuser),
  );
  return { json, records: changed };
}

/** serializeRecord of one record through the enrich hooks. */
export async function serializeOneEnriched(
  core: Core,
  collection: Collection,
  record: RecordData,
  options: SerializeOptions,
): Promise<Record<string, unknown>> {
  if (!hasEnrichHooks(core)) return serializeRecord(core, collection, record, options);
  const e = await enrichRecord(core, collection, record, options.auth, options.meta);
  const json = serializeRecord(core, collection, e.record, options);
  return applyEnrichment(collection, json, e, options.auth?.isSuperuser ?? false);
}
