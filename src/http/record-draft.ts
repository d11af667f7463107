// The would-be record a create/update request hook sees before `e.next()`, and its changes fed back into the body.
//
// The core builds the record from the body inside its write transaction (rules see fresh values),
// so handlers get a draft built the same way beforehand; whatever they change in it is written
// back into the body as field values: `e.record.title = 'x'` then saves as a submitted `title`.
import type { Collection } from '../core/collections/model.ts';
import type { Core } from '../core/core.ts';
import { emptyRecord } from '../core/records/codec.ts';
import { findRecordById } from '../core/records/find.ts';
import { applyBody } from '../core/records/modifiers.ts';
import type { RecordData } from '../core/records/record.ts';

export interface Draft {
  record: RecordData | null;
  /** The draft as built, to tell what the handlers changed. */
  before: RecordData | null;
}

/** Create: defaults + body. Update: the stored record + body (null when there is none). */
export function draftRecord(
  core: Core,
  c: Collection,
  body: Record<string, unknown>,
  id: string | null,
  allowHidden: boolean,
): Draft {
  const stored = id === null ? emptyRecord(c) : findRecordById(core, c, id);
  if (!stored) return { record: null, before: null };
  const record = structuredClone(stored);
  applyBody(c, record, body, { allowHidden });
  return { record, before: structuredClone(record) };
}

/** `body` with every value the handlers changed in `record` (compared as JSON). */
export function bodyWithChanges(
  body: Record<string, unknown>,
  draft: Draft,
  record: RecordData | null,
): Record<string, unknown> {
  const before = draft.before;
  if (!before || !record) return body;
  let out = body;
  for (const [key, value] of Object.entries(record)) {
    if (key in before && JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    if (out === body) out = { ...body };
    out[key] = value;
  }
  return out;
}
