// Parsing `?expand=`: path normalisation and what one path segment points at (http-api.md §1.8).

import { findSingleColumnUniqueIndex } from '../collections/index-sql.ts';
import type { Collection, Field } from '../collections/model.ts';
import type { FilterSchema } from '../filter/index.ts';

/** Nesting depth PocketBase expands; segments past it are ignored, not an error. */
export const MAX_EXPAND_DEPTH = 6;

/** Back-relation records fetched per parent record (PocketBase's arbitrary cap). */
export const MAX_BACK_RELATIONS = 1000;

const VIA = /^(\w+)_via_(\w+)$/;
/** Deprecated `comments(post)` form, still accepted. */
const VIA_OLD = /^(\w+)\((\w+)\)$/;

/**
 * `" a.b , a, .c. ,a.b"` → `["a.b", "c"]`: spaces removed, outer dots trimmed, empty items
 * dropped, a path dropped when another one extends it, duplicates removed (first wins).
 */
export function normalizeExpandPaths(raw: string): string[] {
  const unique = new Set<string>();
  for (const item of raw.split(',')) {
    const path = item.replaceAll(' ', '').replace(/^\.+|\.+$/g, '');
    // Segments past the depth limit are ignored anyway: cutting them here keeps a hostile
    // 5,000-segment path as cheap as a normal one.
    if (path !== '') unique.add(path.split('.', MAX_EXPAND_DEPTH).join('.'));
  }
  // Every proper prefix of every path, so "is extended by another path" is one lookup each
  // (linear in the input, where comparing all pairs took seconds for 20,000 items).
  const extended = new Set<string>();
  for (const path of unique) {
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
      extended.add(path.slice(0, dot));
    }
  }
  return [...unique].filter((p) => !extended.has(p));
}

/** One resolved segment: which records to load and under which key they land. */
export type ExpandStep =
  | { kind: 'forward'; key: string; field: Field; target: Collection; multiple: boolean }
  | { kind: 'back'; key: string; field: Field; target: Collection; multiple: boolean };

/** Why a path can't be expanded; the path is then skipped, the request still succeeds. */
export class ExpandPathError extends Error {}

/**
 * Resolves `segment` against the records' collection: a relation field of it, or
 * `<collection>_via_<field>` naming a relation field of another collection that points back here.
 */
export function resolveExpandStep(
  schema: FilterSchema,
  from: Collection,
  segment: string,
): ExpandStep {
  const via = segment.includes('(') ? VIA_OLD.exec(segment) : VIA.exec(segment);
  if (via) {
    const target = schema.find(via[1]!);
    if (!target) throw new ExpandPathError(`couldn't find back-related collection "${via[1]}"`);
    const field = target.fields.find((f) => f.name === via[2]);
    if (field?.type !== 'relation' || field.collectionId !== from.id) {
      throw new ExpandPathError(
        `couldn't find back-relation field "${via[2]}" in "${target.name}"`,
      );
    }
    // A unique back field means at most one record can point here: expand it as an object.
    const unique = findSingleColumnUniqueIndex(target.indexes, field.name) !== null;
    return { kind: 'back', key: segment, field, target, multiple: !unique };
  }
  const field = from.fields.find((f) => f.name === segment);
  if (field?.type !== 'relation') {
    throw new ExpandPathError(`couldn't find relation field "${segment}" in "${from.name}"`);
  }
  const target = schema.find(String(field.collectionId ?? ''));
  if (!target) throw new ExpandPathError(`couldn't find the collection of "${segment}"`);
  const multiple = typeof field.maxSelect === 'number' && field.maxSelect > 1;
  return { kind: 'forward', key: segment, field, target, multiple };
}

/** A relation value as its ids: unique, non-empty, in stored order (Go's ToUniqueStringSlice). */
export function relationIds(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value]; // a single relation
  const list = Array.isArray(value) ? value : [value];
  const out = new Set<string>();
  for (const v of list) {
    if (typeof v === 'string' && v !== '') out.add(v);
    else if (typeof v === 'number') out.add(String(v));
  }
  return [...out];
}
