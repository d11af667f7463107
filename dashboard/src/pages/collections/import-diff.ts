// What importing a collections JSON would do, as PocketBase's review shows it before applying:
// collections added / changed (fields added, changed, deleted; other changed keys) / deleted.
import type { CollectionModel } from 'pocketbase';

type Obj = Record<string, unknown>;

export interface FieldChange {
  name: string;
  /** The field's keys whose values differ (`required`, `max`…). */
  keys: string[];
}

export interface CollectionChange {
  name: string;
  /** A rename shows the old name here. */
  oldName?: string;
  addedFields: string[];
  changedFields: FieldChange[];
  deletedFields: string[];
  /** Changed top-level keys other than fields (`listRule`, `indexes`, `otp`…). */
  changedKeys: string[];
}

export interface ImportDiff {
  added: string[];
  changed: CollectionChange[];
  deleted: string[];
}

/** Keys the server owns or that change on every save: never a difference worth showing. */
const IGNORED = new Set(['created', 'updated', 'fields', 'id', 'system']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Finds `item` in `list` by id first, then by name (imports written by hand often lack ids). */
function find<T extends { id?: string; name?: string }>(list: T[], item: T): T | undefined {
  return (item.id && list.find((x) => x.id === item.id)) || list.find((x) => x.name === item.name);
}

function diffFields(old: Obj[], next: Obj[], deleteMissing: boolean) {
  const addedFields: string[] = [];
  const changedFields: FieldChange[] = [];
  for (const f of next) {
    const before = find(
      old as { id?: string; name?: string }[],
      f as { id?: string; name?: string },
    );
    if (!before) {
      addedFields.push(String(f.name));
      continue;
    }
    const b = before as Obj;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(f)])].filter(
      (k) => k !== 'id' && k in f && !same(b[k], f[k]),
    );
    if (keys.length) changedFields.push({ name: String(f.name), keys });
  }
  const deletedFields = deleteMissing
    ? old
        .filter(
          (f) =>
            !find(next as { id?: string; name?: string }[], f as { id?: string; name?: string }),
        )
        .map((f) => String(f.name))
    : [];
  return { addedFields, changedFields, deletedFields };
}

/** Compares the current collections with the parsed import. */
export function diffImport(
  current: CollectionModel[],
  imported: Obj[],
  deleteMissing: boolean,
): ImportDiff {
  const out: ImportDiff = { added: [], changed: [], deleted: [] };
  for (const next of imported) {
    const old = find(current, next as CollectionModel) as Obj | undefined;
    if (!old) {
      out.added.push(String(next.name));
      continue;
    }
    const fields = diffFields(
      (old.fields as Obj[]) ?? [],
      (next.fields as Obj[]) ?? [],
      deleteMissing,
    );
    const changedKeys = Object.keys(next).filter((k) => !IGNORED.has(k) && !same(old[k], next[k]));
    const renamed = old.name !== next.name;
    if (
      renamed ||
      changedKeys.length ||
      fields.addedFields.length ||
      fields.changedFields.length ||
      fields.deletedFields.length
    ) {
      out.changed.push({
        name: String(next.name),
        ...(renamed ? { oldName: String(old.name) } : {}),
        ...fields,
        changedKeys: changedKeys.filter((k) => k !== 'name'),
      });
    }
  }
  if (deleteMissing) {
    out.deleted = current
      .filter((c) => !c.system && !find(imported as CollectionModel[], c))
      .map((c) => c.name);
  }
  return out;
}

export function isEmptyDiff(d: ImportDiff): boolean {
  return !d.added.length && !d.changed.length && !d.deleted.length;
}
