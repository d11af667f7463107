// One collection as TypeBox schemas: its record, its create and update inputs, its expand shape.
// The single source of typegen (and of OpenAPI and the API preview): each schema has `$id` = its
// TypeScript name, and expand entries point at other records by `Type.Ref(name)`.
import { type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { Collection, Field } from '../collections/model.ts';
import { fieldSchema, isMultiple } from './field-schema.ts';

export interface CollectionSchemas {
  record: TObject;
  expand: TObject | null;
  /** Absent for view collections: they are read-only. */
  create: TObject | null;
  update: TObject | null;
}

/** `posts` → `Posts`, `_superusers` → `Superusers`, `blog_posts-2` → `BlogPosts2`. */
export function typeName(collectionName: string): string {
  const words = collectionName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Collection';
  return /^[0-9]/.test(name) ? `C${name}` : name;
}

const HIDDEN = 'hidden: only superusers see it';

const withNote = (schema: TSchema, field: Field): TSchema =>
  typeof field.help === 'string' && field.help ? { ...schema, description: field.help } : schema;

function recordProperties(c: Collection): TProperties {
  const props: TProperties = {
    collectionId: Type.Literal(c.id),
    collectionName: Type.Literal(c.name),
  };
  for (const f of c.fields) {
    const s = fieldSchema(f, 'record');
    if (!s) continue;
    props[f.name] = f.hidden ? Type.Optional({ ...s, description: HIDDEN }) : withNote(s, f);
  }
  return props;
}

/** Relation fields whose target is known: `{ author?: UsersRecord; tags?: TagsRecord[] }`. */
function expandSchema(c: Collection, all: Collection[]): TObject | null {
  const props: TProperties = {};
  for (const f of c.fields) {
    if (f.type !== 'relation') continue;
    const target = all.find((t) => t.id === f.collectionId);
    const ref = target ? Type.Ref(`${typeName(target.name)}Record`) : Type.Unknown();
    props[f.name] = Type.Optional(isMultiple(f) ? Type.Array(ref) : ref);
  }
  if (!Object.keys(props).length) return null;
  return Type.Object(props, { $id: `${typeName(c.name)}Expand` });
}

/**
 * Inputs: autodate fields are set by the server and left out; `id` and fields with an
 * autogenerate pattern may be omitted; on update everything is optional and `id` is not sent.
 */
function inputSchema(c: Collection, mode: 'create' | 'update'): TObject {
  const props: TProperties = {};
  for (const f of c.fields) {
    if (f.type === 'autodate' || (mode === 'update' && f.name === 'id')) continue;
    const s = fieldSchema(f, 'input');
    if (!s) continue;
    const required =
      mode === 'create' && f.required === true && !f.autogeneratePattern && f.name !== 'id';
    props[f.name] = required ? withNote(s, f) : Type.Optional(withNote(s, f));
  }
  if (c.type === 'auth') {
    props.passwordConfirm = mode === 'create' ? Type.String() : Type.Optional(Type.String());
    if (mode === 'update') props.oldPassword = Type.Optional(Type.String());
  }
  const suffix = mode === 'create' ? 'Create' : 'Update';
  return Type.Object(props, { $id: `${typeName(c.name)}${suffix}` });
}

export function collectionSchemas(c: Collection, all: Collection[]): CollectionSchemas {
  const name = typeName(c.name);
  const expand = expandSchema(c, all);
  const props = recordProperties(c);
  if (expand) props.expand = Type.Optional(Type.Ref(expand.$id!));
  const readOnly = c.type === 'view';
  return {
    record: Type.Object(props, { $id: `${name}Record` }),
    expand,
    create: readOnly ? null : inputSchema(c, 'create'),
    update: readOnly ? null : inputSchema(c, 'update'),
  };
}
