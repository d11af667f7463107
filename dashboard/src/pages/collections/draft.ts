// Editing copy of a collection, plus helpers to create new fields and stable keys for list rendering.
import type { CollectionModel } from 'pocketbase';
import { fieldType } from '../../fields/registry.ts';
import type { Field } from '../../fields/types.ts';

export type Draft = CollectionModel;

/** What the collection editor hands each tab and section: the draft to edit in place, the
 *  errors by field path, and the call that says it changed. */
export interface DraftProps {
  draft: Draft;
  errors: Record<string, string>;
  onChange: () => void;
}

const keys = new WeakMap<object, string>();
let seq = 0;

/** A stable render key for a field object (new fields have no id yet). */
export function keyOf(f: Field): string {
  let k = keys.get(f);
  if (!k) {
    k = f.id || `new_${++seq}`;
    keys.set(f, k);
  }
  return k;
}

export function cloneDraft(c: CollectionModel): Draft {
  return structuredClone(c);
}

export function newField(type: string, existing: Field[]): Field {
  let n = 1;
  const taken = new Set(existing.map((f) => f.name));
  while (taken.has(`field${n === 1 ? '' : n}`)) n++;
  return {
    id: '',
    name: `field${n === 1 ? '' : n}`,
    type,
    system: false,
    hidden: false,
    presentable: false,
    ...(type === 'autodate' ? {} : { required: false, help: '' }),
    ...fieldType(type).defaults(),
  } as Field;
}

/** The body sent to the server: new fields without their empty id, so the server assigns one. */
export function toPayload(d: Draft): Record<string, unknown> {
  const { created: _c, updated: _u, ...rest } = d;
  return {
    ...rest,
    fields: d.fields.map((f) => {
      if (f.id) return f;
      const { id: _id, ...noId } = f;
      return noId;
    }),
  };
}

/** Errors under a prefix (e.g. every `fields.*` error) exist? Used for tab markers. */
export function hasErrors(errors: Record<string, string>, ...prefixes: string[]): boolean {
  return Object.keys(errors).some((k) => prefixes.some((p) => k === p || k.startsWith(`${p}.`)));
}
