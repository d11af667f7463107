// Record → its JSON for one viewer (http-api.md §1.9): hidden fields, password/tokenKey, email visibility.
import type { AuthInfo } from '../auth/auth-info.ts';
import type { Collection } from '../collections/model.ts';
import type { Core } from '../context.ts';
import { zeroValue } from './codec.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { managedIds } from './rules.ts';

export interface SerializeOptions {
  auth: AuthInfo | null;
  /** Auth responses always show the authenticated record's email (http-api.md §3.7). */
  showEmail?: boolean;
  /** Whether the viewer satisfies the manageRule for this record, when already known. */
  managed?: boolean;
  /** The request the manageRule sees (for `@request.query`/`headers`). */
  meta?: RequestMeta;
  /** Expanded relations, already serialized; the key appears only when given. */
  expand?: Record<string, unknown>;
}

export function serializeRecord(
  core: Core,
  collection: Collection,
  record: RecordData,
  options: SerializeOptions,
): Record<string, unknown> {
  const { auth } = options;
  const isSuperuser = auth?.isSuperuser ?? false;
  const out: Record<string, unknown> = {
    collectionId: collection.id,
    collectionName: collection.name,
  };
  for (const f of collection.fields) {
    if (f.type === 'password') continue;
    if (f.hidden && !isSuperuser) continue;
    const v = record[f.name];
    out[f.name] = v === undefined ? zeroValue(f) : v;
  }
  out.id = record.id;
  if (collection.type === 'auth') {
    // Never, not even to superusers: the token key signs every token of the record.
    delete out.tokenKey;
    delete out.password;
    if (!showsEmail(core, collection, record, options)) delete out.email;
  }
  if (options.expand) out.expand = options.expand;
  return sortKeys(out);
}

/**
 * Many records of one collection for one viewer: the manageRule (email visibility) is resolved for
 * all of them in one query instead of one per record.
 */
export function serializeRecords(
  core: Core,
  collection: Collection,
  records: RecordData[],
  options: Omit<SerializeOptions, 'managed' | 'expand'>,
): Record<string, unknown>[] {
  const { auth } = options;
  let managed = new Set<string>();
  if (collection.type === 'auth' && !auth?.isSuperuser && !options.showEmail) {
    const hidden = records.filter((r) => r.emailVisibility !== true).map((r) => r.id);
    managed = managedIds(core, collection, hidden, auth, options.meta);
  }
  return records.map((r) =>
    serializeRecord(core, collection, r, { ...options, managed: managed.has(r.id) }),
  );
}

function showsEmail(
  core: Core,
  collection: Collection,
  record: RecordData,
  { auth, showEmail, managed, meta }: SerializeOptions,
): boolean {
  if (showEmail || record.emailVisibility === true) return true;
  if (auth?.isSuperuser) return true;
  if (auth && auth.collection.id === collection.id && auth.record.id === record.id) return true;
  if (managed !== undefined) return managed;
  return managedIds(core, collection, [record.id], auth, meta).has(record.id);
}

/** PocketBase emits record objects with alphabetically sorted keys (http-api.md §1.2). */
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
