// What select, relation and file share: one string or a list of distinct strings, by `maxSelect`.
import type { Field } from '../collections/model.ts';
import { lastOf, toUniqueStrings } from './cast.ts';
import { intOpt } from './option-rules.ts';

/** "Multiple" ⇔ `maxSelect > 1` (§4.2). */
export const isMultipleSelection = (field: Field): boolean => intOpt(field, 'maxSelect') > 1;

export const selectionColumn = (field: Field): string =>
  isMultipleSelection(field) ? "JSON DEFAULT '[]' NOT NULL" : "TEXT DEFAULT '' NOT NULL";

export const selectionZero = (field: Field): string | string[] =>
  isMultipleSelection(field) ? [] : '';

/** String, JSON-array string or array → distinct non-empty strings; single fields keep the last. */
export function normalizeSelection(value: unknown, field: Field): string | string[] {
  const list = toUniqueStrings(value);
  return isMultipleSelection(field) ? list : lastOf(list);
}

export function selectionToDb(value: unknown, field: Field): string {
  const list = toUniqueStrings(value);
  return isMultipleSelection(field) ? JSON.stringify(list) : lastOf(list);
}

/**
 * Tolerates what older PocketBase dirs hold: `''` or a JSON array text in either column kind,
 * a plain value in a multi column, NULL.
 */
export const selectionFromDb = (raw: unknown, field: Field): string | string[] =>
  normalizeSelection(raw, field);

/** The selected values as a list, whatever the field's cardinality. */
export const selectionList = (value: unknown): string[] => toUniqueStrings(value);
