// One collection as TypeBox schemas: its record, its create and update inputs, its expand shape.
// The single source of typegen (and of OpenAPI and the API preview): each schema has `$id` = its
// TypeScript name, and expand entries point at other records by `Type.Ref(name)`.
import { type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { Collection, Field } from '../collections/model.ts';
import { fieldSchema, isMultiple, modifierSchemas } from './field-schema.ts';

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

/**
 * Type names by collection id, unique: a user collection `otps` keeps `Otps`, the system `_otps`
 * then becomes `Otps2` (same-named interfaces would merge silently).
 */
export function typeNames(all: Collection[]): Map<string, string> {
  const order = [...all].sort(
    (a, b) =>
      Number(a.name.startsWith('_')) - Number(b.name.startsWith('_')) ||
      a.name.localeCompare(b.name),
  );
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const c of order) {
    const base = typeName(c.name);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
    taken.add(name.toLowerCase());
    names.set(c.id, name);
  }
  return names;
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
function expandSchema(c: Collection, names: Map<string, string>): TObject | null {
  const props: TProperties = {};
  for (const f of c.fields) {
    if (f.type !== 'relation') continue;
    const target = names.get(String(f.collectionId));
    const ref = target ? Type.Ref(`${target}Record`) : Type.Unknown();
    props[f.name] = Type.Optional(isMultiple(f) ? Type.Array(ref) : ref);
  }
  if (!Object.keys(props).length) return null;
  return Type.Object(props, { $id: `${names.get(c.id)}Expand` });
}

/**
 * Inputs: autodate fields are set by the server and left out; `id` and fields with an
 * autogenerate pattern may be omitted; on update everything is optional, `id` is not sent and
 * the write modifiers (`tags+`, `views-`, …) are typed too.
 */
function inputSchema(c: Collection, name: string, mode: 'create' | 'update'): TObject {
  const props: TProperties = {};
  for (const f of c.fields) {
    if (f.type === 'autodate' || (mode === 'update' && f.name === 'id')) continue;
    const s = fieldSchema(f, 'input');
    if (!s) continue;
    const required =
      mode === 'create' && f.required === true && !f.autogeneratePattern && f.name !== 'id';
    props[f.name] = required ? withNote(s, f) : Type.Optional(withNote(s, f));
    if (mode === 'update' && f.name !== 'id') Object.assign(props, modifierSchemas(f));
  }
  if (c.type === 'auth') {
    props.passwordConfirm = mode === 'create' ? Type.String() : Type.Optional(Type.String());
    if (mode === 'update') props.oldPassword = Type.Optional(Type.String());
  }
  const suffix = mode === 'create' ? 'Create' : 'Update';
  return Type.Object(props, { $id: `${name}${suffix}` });
}

/** `names`: from typeNames(every collection), so that expand references resolve. */
export function collectionSchemas(
  c: Collection,
  names: Map<string, string> = typeNames([c]),
): CollectionSchemas {
  const name = names.get(c.id) ?? typeName(c.name);
  const expand = expandSchema(c, names);
  const props = recordProperties(c);
  if (expand) props.expand = Type.Optional(Type.Ref(expand.$id!));
  const readOnly = c.type === 'view';
  return {
    record: Type.Object(props, { $id: `${name}Record` }),
    expand,
    create: readOnly ? null : inputSchema(c, name, 'create'),
    update: readOnly ? null : inputSchema(c, name, 'update'),
  };
}
