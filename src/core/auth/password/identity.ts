// Finds the record behind a login identity (auth.md §3): only through a single-column UNIQUE index.
import type { Collection } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import { findFirstByField } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';
import { parseUniqueIndex } from '../../records/unique.ts';
import { isEmail } from '../../settings/formats.ts';

/**
 * The field's single-column UNIQUE index, if any: `{nocase: true}` when it declares
 * `COLLATE NOCASE`, which makes the lookup case-insensitive. No such index → not an identity.
 */
export function identityIndex(collection: Collection, field: string): { nocase: boolean } | null {
  for (const sql of collection.indexes) {
    const idx = parseUniqueIndex(sql);
    const column = idx?.columns.length === 1 ? idx.columns[0] : undefined;
    if (column && column.name.toLowerCase() === field.toLowerCase()) {
      return { nocase: column.collate === 'NOCASE' };
    }
  }
  return null;
}

/** Exact match, or case-insensitive when the field's unique index declares COLLATE NOCASE. */
export function findRecordByIdentityField(
  core: Core,
  collection: Collection,
  field: string,
  value: string,
): RecordData | null {
  if (!collection.auth?.passwordAuth.identityFields.includes(field)) return null;
  if (!collection.fields.some((f) => f.name === field)) return null;
  const index = identityIndex(collection, field);
  if (!index) return null;
  return findFirstByField(core, collection, field, value, { nocase: index.nocase });
}

/**
 * The record with this e-mail for the mail flows and OAuth2 (auth.md §4.3, §5): compared the way
 * the e-mail's unique index compares (COLLATE NOCASE → any case), whatever the identity fields.
 */
export function findRecordByEmail(
  core: Core,
  collection: Collection,
  email: string,
): RecordData | null {
  if (!email) return null;
  const nocase = identityIndex(collection, 'email')?.nocase ?? false;
  return findFirstByField(core, collection, 'email', email, { nocase });
}

/**
 * Without `identityField`: email first (only when the identity is e-mail shaped), then the other
 * identity fields in their configured order.
 */
export function findRecordByIdentity(
  core: Core,
  collection: Collection,
  identity: string,
  identityField = '',
): RecordData | null {
  if (identityField) return findRecordByIdentityField(core, collection, identityField, identity);
  const fields = collection.auth?.passwordAuth.identityFields ?? [];
  if (isEmail(identity) && fields.includes('email')) {
    const found = findRecordByIdentityField(core, collection, 'email', identity);
    if (found) return found;
  }
  for (const field of fields) {
    if (field === 'email') continue;
    const found = findRecordByIdentityField(core, collection, field, identity);
    if (found) return found;
  }
  return null;
}
