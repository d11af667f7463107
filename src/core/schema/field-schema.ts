// One collection field as a TypeBox schema: the value a record carries, or what a create/update takes.
import { type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { Field } from '../collections/model.ts';

/** `record`: what the API returns; `input`: what create and update send (files as uploads). */
export type FieldMode = 'record' | 'input';

/** A file upload: `File | Blob` in TypeScript, a binary string in OpenAPI. */
export const Upload = () =>
  Type.Unsafe<Blob>({ type: 'string', format: 'binary', tsType: 'File | Blob' });

/** "Multiple" ⇔ maxSelect > 1 (collections-and-fields.md §3). */
export const isMultiple = (field: Field): boolean => Number(field.maxSelect ?? 0) > 1;

const many = (field: Field, item: TSchema): TSchema =>
  isMultiple(field) ? Type.Array(item) : item;

/**
 * `select` values ['a','b'] → 'a' | 'b' | '' ('' = unset; not in the input of a required one);
 * `relation` → an id or ids; `file` → names on a record, uploads in an input; `password` → null on
 * records (never sent), a string in inputs. Unknown types → unknown.
 */
export function fieldSchema(field: Field, mode: FieldMode): TSchema | null {
  switch (field.type) {
    case 'text':
    case 'editor':
    case 'email':
    case 'url':
    case 'date':
    case 'autodate':
      return Type.String();
    case 'password':
      return mode === 'input' ? Type.String() : null;
    case 'number':
      return Type.Number();
    case 'bool':
      return Type.Boolean();
    case 'select': {
      const values = Array.isArray(field.values) ? field.values.map(String) : [];
      if (!values.length) return many(field, Type.String());
      // a single select that is unset reads as '' (spec §3 value encodings), and '' clears it
      const clearable = mode === 'record' || field.required !== true;
      const unset = !isMultiple(field) && clearable ? [''] : [];
      const item = Type.Union([...values, ...unset].map((v) => Type.Literal(v)));
      return many(field, item);
    }
    case 'relation':
      return many(field, Type.String());
    case 'file':
      return many(field, mode === 'input' ? Upload() : Type.String());
    case 'geoPoint':
      return Type.Object({ lon: Type.Number(), lat: Type.Number() });
    default:
      return Type.Unknown();
  }
}

/** `T` or `T[]`: what a list modifier takes. */
const oneOrMany = (item: TSchema): TSchema => Type.Union([item, Type.Array(item)]);

/**
 * Write modifiers of a field (collections-and-fields.md §5), all optional: `views+`/`views-` for
 * numbers; `tags+`, `+tags`, `tags-` for select, relation and file (`files-` takes file names);
 * `slug:autogenerate` for text with an autogenerate pattern.
 */
export function modifierSchemas(field: Field): TProperties {
  const n = field.name;
  switch (field.type) {
    case 'number':
      return { [`${n}+`]: Type.Optional(Type.Number()), [`${n}-`]: Type.Optional(Type.Number()) };
    case 'select':
    case 'relation':
    case 'file': {
      const input = fieldSchema(field, 'input')!;
      const item = isMultiple(field) ? (input.items as TSchema) : input;
      const removed = field.type === 'file' ? Type.String() : item;
      return {
        [`${n}+`]: Type.Optional(oneOrMany(item)),
        [`+${n}`]: Type.Optional(oneOrMany(item)),
        [`${n}-`]: Type.Optional(oneOrMany(removed)),
      };
    }
    case 'text':
      return field.autogeneratePattern
        ? { [`${n}:autogenerate`]: Type.Optional(Type.String()) }
        : {};
    default:
      return {};
  }
}
