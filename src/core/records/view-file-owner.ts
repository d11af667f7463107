// A view collection stores no files: each file field is a copy of a field of another collection,
// and the file lives with the record there (http-api.md §5.2, "View collections").
import type { Collection, Field } from '../collections/model.ts';
import { viewColumnSource } from '../collections/view-query.ts';
import type { Core } from '../core.ts';
import { findByFileName } from './find.ts';
import type { RecordData } from './record.ts';

/** Views of views are followed this far; a longer chain (or a cycle) finds nothing. */
const MAX_VIEW_DEPTH = 6;

export interface FileOwner {
  collection: Collection;
  record: RecordData;
  field: Field;
}

/**
 * The record of a base or auth collection that owns `filename`, reached from the view column
 * `fieldName` through the view query; null for computed columns or a file no record holds.
 */
export function ownerOfViewFile(
  core: Core,
  view: Collection,
  fieldName: string,
  filename: string,
  depth = 0,
): FileOwner | null {
  if (depth >= MAX_VIEW_DEPTH) return null;
  const source = viewColumnSource(view.viewQuery ?? '', fieldName, core.collections);
  if (source?.field.type !== 'file') return null;
  const { collection, field } = source;
  if (collection.type === 'view') {
    return ownerOfViewFile(core, collection, field.name, filename, depth + 1);
  }
  const record = findByFileName(core, collection, field.name, filename);
  return record ? { collection, record, field } : null;
}
