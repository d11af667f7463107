// Record → its JSON for one viewer (http-api.md §1.9): hidden fields, password/tokenKey, email visibility.

import type { Row } from '../../db/conn.ts';
import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { AuthInfo } from './auth-info.ts';
import { columnDecoders, type Decode, zeroValue } from './codec.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { type BuildSlot, compileRowBuilder, type RowBuilder } from './row-builder.ts';
import { managedIds } from './rules.ts';
import { collectionCached } from './sql.ts';

/** One output key: a field (`email` apart: it may be hidden), the collection's id/name, or `expand`. */
type Slot =
  | { key: string; kind: 'value' | 'email'; field: Field | null }
  | {
      key: 'collectionId' | 'collectionName' | 'expand';
      kind: 'collectionId' | 'collectionName' | 'expand';
    };

/**
 * The keys a viewer gets, already in PocketBase's alphabetical order, computed once per collection
 * and schema version instead of sorting every record's keys on every request.
 */
function layoutOf(core: Core, collection: Collection, isSuperuser: boolean): Slot[] {
  return collectionCached(core, collection, isSuperuser ? 'layout:su' : 'layout', () => {
    const slots: Slot[] = [
      { key: 'collectionId', kind: 'collectionId' },
      { key: 'collectionName', kind: 'collectionName' },
      { key: 'expand', kind: 'expand' },
    ];
    for (const f of collection.fields) {
      if (f.type === 'password') continue;
      if (f.hidden && !isSuperuser) continue;
      // Never, not even to superusers: the token key signs every token of the record.
      if (collection.type === 'auth' && f.name === 'tokenKey') continue;
      slots.push({ key: f.name, kind: f.name === 'email' ? 'email' : 'value', field: f });
    }
    if (!slots.some((s) => s.key === 'id')) slots.push({ key: 'id', kind: 'value', field: null });
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
  /**
   * Without `expand`: an `expand` key holding undefined, in its sorted place, for applyExpand to
   * fill in later without re-sorting the object (JSON.stringify leaves an undefined key out).
   */
  expandSlot?: boolean;
}

export function serializeRecord(
  core: Core,
  collection: Collection,
  record: RecordData,
  options: SerializeOptions,
): Record<string, unknown> {
  const hideEmail = collection.type === 'auth' && !showsEmail(core, collection, record, options);
  const layout = layoutOf(core, collection, options.auth?.isSuperuser ?? false);
  return build(collection, layout, record, options, hideEmail);
}

function build(
  collection: Collection,
  layout: Slot[],
  record: RecordData,
  options: SerializeOptions,
  hideEmail: boolean,
): Record<string, unknown> {
  const withExpand = !!options.expand || !!options.expandSlot;
  return recordBuilder(
    collection,
    layout,
    withExpand,
    hideEmail,
  )(record, options.expand || undefined);
}

/** Per layout, its compiled record builders: [expand key?][email hidden?] (see `recordBuilder`). */
const recordBuilders = new WeakMap<Slot[], (RowBuilder | undefined)[]>();

/**
 * The layout as a compiled builder from a record: collectionId/Name, `expand` (the builder's
 * argument; undefined holds the key's place for applyExpand) only `withExpand`, `email` unless
 * hidden, every other key the record's value (a field's zero value when it has none).
 */
function recordBuilder(
  collection: Collection,
  layout: Slot[],
  withExpand: boolean,
  hideEmail: boolean,
): RowBuilder {
  let built = recordBuilders.get(layout);
  if (!built) {
    built = [];
    recordBuilders.set(layout, built);
  }
  const i = (withExpand ? 1 : 0) | (hideEmail ? 2 : 0);
  let builder = built[i];
  if (builder) return builder;
  const slots: BuildSlot[] = [];
  for (const slot of layout) {
    if (slot.kind === 'collectionId')
      slots.push({ key: slot.key, kind: 'const', value: collection.id });
    else if (slot.kind === 'collectionName')
      slots.push({ key: slot.key, kind: 'const', value: collection.name });
    else if (slot.kind === 'expand') {
      if (withExpand) slots.push({ key: slot.key, kind: 'arg' });
    } else if (slot.kind !== 'email' || !hideEmail) {
      const f = 'field' in slot ? slot.field : null;
      const zero = f ? () => zeroValue(f) : () => undefined;
      slots.push({
        key: slot.key,
        kind: 'column',
        column: slot.key,
        decode: null,
        zero,
        zeroUndefined: true,
      });
    }
  }
  builder = compileRowBuilder(slots);
  built[i] = builder;
  return builder;
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
  const layout = layoutOf(core, collection, options.auth?.isSuperuser ?? false);
  // Only auth records have an email to hide: the rest need no manageRule lookup at all.
  if (collection.type !== 'auth') {
    return records.map((r) => build(collection, layout, r, options, false));
  }
  const { auth } = options;
  let managed = new Set<string>();
  if (!auth?.isSuperuser && !options.showEmail) {
    const hidden = records.filter((r) => r.emailVisibility !== true).map((r) => r.id);
    managed = managedIds(core, collection, hidden, auth, options.meta);
  }
  return records.map((r) => {
    const o = { ...options, managed: managed.has(r.id) };
    return build(collection, layout, r, o, !showsEmail(core, collection, r, o));
  });
}

/**
 * Table rows of a collection without auth fields (no email to hide) straight to their JSON for
 * the viewer: what `serializeRecords` gives for `recordsFromRows(rows)`, without the records in
 * between (a page of 30 rows built 30 objects less). Auth collections: null, the caller goes the
 * long way (email visibility needs the records).
 */
export function serializeRows(
  core: Core,
  collection: Collection,
  rows: Row[],
  auth: AuthInfo | null,
): Record<string, unknown>[] | null {
  if (collection.type === 'auth') return null;
  const layout = layoutOf(core, collection, auth?.isSuperuser ?? false);
  const build = rowsBuilder(collection, layout, columnDecoders(collection));
  return build ? rows.map(build) : null;
}

/** Per layout, its compiled row builder and the decoders it was compiled with. */
const rowBuilders = new WeakMap<
  Slot[],
  { byField: ReadonlyMap<Field, Decode>; build: RowBuilder | null }
>();

/**
 * The layout as a compiled row builder: as the record would hold each value (the column decoded,
 * zero when missing), `id` as text; no expand key (nothing expands). Null for a layout older than
 * the fields (a collection edited in place): the long way reads by name.
 */
function rowsBuilder(
  collection: Collection,
  layout: Slot[],
  byField: ReadonlyMap<Field, Decode>,
): RowBuilder | null {
  const hit = rowBuilders.get(layout);
  if (hit && hit.byField === byField) return hit.build;
  const slots: BuildSlot[] = [];
  let stale = false;
  for (const slot of layout) {
    if (slot.kind === 'expand') continue;
    if (slot.kind === 'collectionId' || slot.kind === 'collectionName') {
      const value = slot.kind === 'collectionId' ? collection.id : collection.name;
      slots.push({ key: slot.key, kind: 'const', value });
      continue;
    }
    const f = 'field' in slot ? slot.field : null;
    const decode = f ? byField.get(f) : undefined;
    if (f && !decode) {
      stale = true;
      break;
    }
    const isId = slot.key === 'id';
    const column =
      f && decode
        ? {
            key: slot.key,
            kind: 'column' as const,
            column: f.name,
            decode,
            zero: () => zeroValue(f),
            zeroUndefined: !isId,
          }
        : null;
    if (isId) slots.push({ key: 'id', kind: 'id', column });
    else if (column) slots.push(column);
  }
  const build = stale ? null : compileRowBuilder(slots);
  rowBuilders.set(layout, { byField, build });
  return build;
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
