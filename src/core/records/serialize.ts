// Record → its JSON for one viewer (http-api.md §1.9): hidden fields, password/tokenKey, email visibility.

import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { AuthInfo } from './auth-info.ts';
import { zeroValue } from './codec.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { managedIds } from './rules.ts';
import { collectionCached } from './sql.ts';

/** One output key: a field, the collection's id/name, or the `expand` slot. */
type Slot = { key: string; field: Field } | { key: 'collectionId' | 'collectionName' | 'expand' };

/**
 * The keys a viewer gets, already in PocketBase's alphabetical order, computed once per collection
 * and schema version instead of sorting every record's keys on every request.
 */
function layoutOf(core: Core, collection: Collection, isSuperuser: boolean): Slot[] {
  return collectionCached(core, collection, isSuperuser ? 'layout:su' : 'layout', () => {
    const slots: Slot[] = [{ key: 'collectionId' }, { key: 'collectionName' }, { key: 'expand' }];
    for (const f of collection.fields) {
      if (f.type === 'password') continue;
      if (f.hidden && !isSuperuser) continue;
      // Never, not even to superusers: the token key signs every token of the record.
      if (collection.type === 'auth' && f.name === 'tokenKey') continue;
      slots.push({ key: f.name, field: f });
    }
    if (!slots.some((s) => s.key === 'id')) slots.push({ key: 'id' } as Slot);
    return slots.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  });
}

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
  const out: Record<string, unknown> = {};
  const hideEmail = collection.type === 'auth' && !showsEmail(core, collection, record, options);
  for (const slot of layoutOf(core, collection, auth?.isSuperuser ?? false)) {
    switch (slot.key) {
      case 'collectionId':
        out.collectionId = collection.id;
        break;
      case 'collectionName':
        out.collectionName = collection.name;
        break;
      case 'expand':
        if (options.expand) out.expand = options.expand;
        break;
      default: {
        if (slot.key === 'email' && hideEmail) break;
        const v = record[slot.key];
        out[slot.key] = v === undefined && 'field' in slot ? zeroValue(slot.field) : v;
      }
    }
  }
  return out;
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
  // Only auth records have an email to hide: the rest need no manageRule lookup at all.
  if (collection.type !== 'auth') {
    return records.map((r) => serializeRecord(core, collection, r, options));
  }
  const { auth } = options;
  let managed = new Set<string>();
  if (!auth?.isSuperuser && !options.showEmail) {
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
