// `_collections` row ⇄ Collection ⇄ API JSON. Secrets live in the row, never in the API JSON.
import { withFieldDefaults } from './field-factory.ts';
import type { AuthOptions, Collection, CollectionRow, CollectionType, Field } from './model.ts';

const TOKEN_KEYS = [
  'authToken',
  'passwordResetToken',
  'emailChangeToken',
  'verificationToken',
  'fileToken',
] as const;

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function collectionFromRow(row: CollectionRow): Collection {
  const options = parseJson<Record<string, unknown>>(row.options, {});
  const c: Collection = {
    id: row.id,
    name: row.name,
    type: row.type as CollectionType,
    system: Boolean(row.system),
    fields: parseJson<Field[]>(row.fields, []).map(withFieldDefaults),
    indexes: parseJson<string[]>(row.indexes, []),
    listRule: row.listRule,
    viewRule: row.viewRule,
    createRule: row.createRule,
    updateRule: row.updateRule,
    deleteRule: row.deleteRule,
    created: row.created,
    updated: row.updated,
  };
  if (c.type === 'view') c.viewQuery = String(options.viewQuery ?? '');
  if (c.type === 'auth') c.auth = options as unknown as AuthOptions;
  return c;
}

/** PocketBase stores field objects with sorted keys; we keep that so diffs against PocketBase stay small. */
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

export function collectionToRow(c: Collection): CollectionRow {
  const options: Record<string, unknown> =
    c.type === 'view' ? { viewQuery: c.viewQuery ?? '' } : c.type === 'auth' ? { ...c.auth } : {};
  return {
    id: c.id,
    system: c.system,
    type: c.type,
    name: c.name,
    fields: JSON.stringify(c.fields.map(sortKeys)),
    indexes: JSON.stringify(c.indexes),
    listRule: c.listRule,
    viewRule: c.viewRule,
    createRule: c.createRule,
    updateRule: c.updateRule,
    deleteRule: c.deleteRule,
    options: JSON.stringify(options),
    created: c.created,
    updated: c.updated,
  };
}

/** The API shape (collections-and-fields.md §2): options flattened, token secrets and client secrets omitted. */
export function collectionToJSON(c: Collection): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: c.id,
    listRule: c.listRule,
    viewRule: c.viewRule,
    createRule: c.createRule,
    updateRule: c.updateRule,
    deleteRule: c.deleteRule,
    name: c.name,
    type: c.type,
    fields: c.fields.map(sortKeys),
    indexes: c.indexes,
    created: c.created,
    updated: c.updated,
    system: c.system,
  };
  if (c.type === 'view') out.viewQuery = c.viewQuery ?? '';
  if (c.type === 'auth' && c.auth) {
    const a = c.auth;
    Object.assign(out, structuredClone(a));
    for (const k of TOKEN_KEYS) out[k] = { duration: a[k]?.duration ?? 0 };
    const providers = (a.oauth2?.providers ?? []).map((p) => {
      const { clientSecret: _omit, ...rest } = p;
      return rest;
    });
    out.oauth2 = { ...a.oauth2, providers };
  }
  return out;
}
