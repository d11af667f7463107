// PocketBase's JSVM model, as migration files (and later pb_hooks) use it: `new Collection({...})`,
// `new Field({...})`, `new TextField({...})`, `collection.fields.addAt(…)`, `unmarshal(data, dst)`.
//
// Classes, against the house style, because the files call `new Collection(…)`: the names, the
// methods and the JSON shapes are PocketBase's (collections-and-fields.md §2, §4). Objects hold the
// collection in its wire shape (options flattened, secrets kept so a save never loses them); the
// runner-independent surface here is what src/extend/pocketbase/ will reuse.
import { collectionToJSON } from '../collections/codec.ts';
import { buildField } from '../collections/field-factory.ts';
import { isPlainObject } from '../collections/merge.ts';
import type { CollectionType, Collection as StoredCollection } from '../collections/model.ts';
import { blankCollection } from '../collections/normalize.ts';
import { fieldIdFor } from '../fields/common.ts';

type Json = { [key: string]: unknown };

const TYPES: readonly string[] = ['base', 'auth', 'view'];

/** A JSON round trip, as Go's `json.Marshal` then `Unmarshal` does for `unmarshal(data, dst)`. */
function plain(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** A field: its JSON keys as own properties (`field.name`, `field.max`, `field.required`). */
export class Field {
  [key: string]: unknown;
  constructor(data: Json = {}) {
    const input = (plain(data) ?? {}) as Json;
    Object.assign(this, buildField(String(input.type ?? ''), input));
  }
}

/** `new TextField({...})` … : a Field whose type is fixed by the class. */
function typedField(type: string): typeof Field {
  return class extends Field {
    constructor(data: Json = {}) {
      super({ ...data, type });
    }
  };
}

/** PocketBase's typed field constructors (plugins/jsvm binds), by their JS names. */
export const TYPED_FIELDS: { [name: string]: typeof Field } = {
  TextField: typedField('text'),
  NumberField: typedField('number'),
  BoolField: typedField('bool'),
  EmailField: typedField('email'),
  URLField: typedField('url'),
  EditorField: typedField('editor'),
  DateField: typedField('date'),
  AutodateField: typedField('autodate'),
  SelectField: typedField('select'),
  FileField: typedField('file'),
  RelationField: typedField('relation'),
  JSONField: typedField('json'),
  PasswordField: typedField('password'),
  GeoPointField: typedField('geoPoint'),
};

function toField(f: unknown): Field {
  return f instanceof Field ? f : new Field(isPlainObject(f) ? f : {});
}

/**
 * PocketBase's FieldsList: an array of fields with its lookup and insert methods. `add` replaces a
 * field with the same id in place; a field without id gets `<type><crc32(name)>`, reusing the id
 * of a same-named field, which it replaces. `addAt` moves or inserts at the position.
 */
export class FieldsList extends Array<Field> {
  static override get [Symbol.species]() {
    return Array;
  }

  static fromJSON(list: unknown): FieldsList {
    const out = new FieldsList();
    if (Array.isArray(list)) for (const f of list) out.push(toField(f));
    return out;
  }

  add(...fields: unknown[]): void {
    for (const f of fields) this.insert(-1, toField(f));
  }

  addAt(pos: number, ...fields: unknown[]): void {
    const total = this.length;
    fields.forEach((f, i) => {
      this.insert(pos < 0 ? -1 : pos > total ? total + i : pos + i, toField(f));
    });
  }

  addMarshaledJSON(raw: string): void {
    const data = JSON.parse(raw);
    this.add(...(Array.isArray(data) ? data : [data]));
  }

  addMarshaledJSONAt(pos: number, raw: string): void {
    const data = JSON.parse(raw);
    this.addAt(pos, ...(Array.isArray(data) ? data : [data]));
  }

  getById(id: string): Field | undefined {
    return this.find((f) => f.id === id);
  }

  getByName(name: string): Field | undefined {
    return this.find((f) => f.name === name);
  }

  removeById(id: string): void {
    const i = this.findIndex((f) => f.id === id);
    if (i >= 0) this.splice(i, 1);
  }

  removeByName(name: string): void {
    const i = this.findIndex((f) => f.name === name);
    if (i >= 0) this.splice(i, 1);
  }

  fieldNames(): string[] {
    return this.map((f) => String(f.name));
  }

  private insert(at: number, field: Field): void {
    const inPlace = at < 0;
    let pos = inPlace || at > this.length ? this.length : at;
    const byName = !field.id;
    if (byName) {
      const taken = new Set(this.map((f) => String(f.id)));
      field.id = fieldIdFor(String(field.type), String(field.name), taken);
    }
    const i = byName
      ? this.findIndex((f) => field.name !== '' && f.name === field.name)
      : this.findIndex((f) => f.id === field.id);
    if (i >= 0) {
      if (byName) field.id = this[i]!.id;
      if (inPlace) {
        this[i] = field;
        return;
      }
      this.splice(i, 1);
      pos = Math.min(pos, this.length);
    }
    this.splice(pos, 0, field);
  }
}

/** A collection in PocketBase's JSON shape (auth options flattened), with PocketBase's methods. */
export class Collection {
  [key: string]: unknown;
  declare id: string;
  declare name: string;
  declare type: string;
  fields: FieldsList = new FieldsList();

  /** `new Collection({type: 'auth', name: 'x', …})`: the type's defaults under the given data. */
  constructor(data: Json = {}) {
    const type = TYPES.includes(String(data.type)) ? (data.type as CollectionType) : 'base';
    const blank = blankCollection(type, '', '');
    blank.indexes = []; // the auth indexes are named after the id: added on save
    Object.assign(this, modelJSON(blank));
    this.fields = FieldsList.fromJSON(blank.fields);
    unmarshal(data, this);
  }

  isAuth(): boolean {
    return this.type === 'auth';
  }

  isView(): boolean {
    return this.type === 'view';
  }

  isBase(): boolean {
    return this.type === 'base';
  }

  toJSON(): Json {
    return { ...this, fields: [...this.fields].map((f) => ({ ...f })) };
  }
}

/** A stored collection as the model sees it: the API JSON with the secrets put back. */
export function modelJSON(c: StoredCollection): Json {
  const json = collectionToJSON(c);
  if (c.auth) Object.assign(json, structuredClone(c.auth));
  return json;
}

/** The stored collection wrapped for a migration file. */
export function collectionModel(c: StoredCollection): Collection {
  const m = new Collection({ type: c.type });
  for (const k of Object.keys(m)) delete m[k];
  const json = modelJSON(c);
  Object.assign(m, json);
  m.fields = FieldsList.fromJSON(json.fields);
  return m;
}

/** Go's decoding over an existing value: objects merge key by key, anything else replaces. */
function decodeInto(dst: Json, data: Json): void {
  for (const [k, v] of Object.entries(data)) {
    const cur = dst[k];
    if (isPlainObject(cur) && isPlainObject(v) && !(cur instanceof Field)) decodeInto(cur, v);
    else dst[k] = v;
  }
}

/**
 * `unmarshal(data, dst)`: `data` (a plain object or a model) decoded over `dst`. On a collection,
 * `fields` replaces the whole list; option objects (`mfa`, `oauth2` …) merge key by key.
 */
export function unmarshal(data: unknown, dst: unknown): void {
  const input = plain(data);
  if (!isPlainObject(input) || typeof dst !== 'object' || dst === null) return;
  const target = dst as Json;
  if (dst instanceof Collection) {
    const { fields, ...rest } = input;
    decodeInto(target, rest);
    if (fields !== undefined) dst.fields = FieldsList.fromJSON(fields);
    return;
  }
  decodeInto(target, input);
}

/** PocketBase's Record: values behind `get`/`set`, `id` as a property, its collection at hand. */
export class Record {
  id = '';
  private readonly values: Json = {};
  private readonly owner: Collection | undefined;
  /** The stored row this record was read from (null for a new record). */
  original: Json | null = null;
  /** The password given with `setPassword`, not yet hashed. */
  plainPassword: string | null = null;

  constructor(collection?: Collection, data: Json = {}) {
    this.owner = collection;
    this.load(data);
  }

  collection(): Collection | undefined {
    return this.owner;
  }

  isNew(): boolean {
    return this.original === null;
  }

  get(name: string): unknown {
    return name === 'id' ? this.id : this.values[name];
  }

  /** A password field takes the plain text (hashed on save), as PocketBase's `set` does. */
  set(name: string, value: unknown): void {
    if (name === 'id') this.id = String(value ?? '');
    else if (typeof value === 'string' && this.owner?.fields.getByName(name)?.type === 'password')
      this.plainPassword = value;
    else this.values[name] = value;
  }

  /** Values as stored (a password stays its hash): for records read from the database. */
  loadStored(row: Json): void {
    this.id = String(row.id ?? '');
    Object.assign(this.values, row);
    delete this.values.id;
    this.original = { ...row };
  }

  load(data: Json): void {
    for (const [k, v] of Object.entries(data)) this.set(k, v);
  }

  /** PocketBase's `record.setPassword(plain)`: hashed when the record is saved. */
  setPassword(plain: string): void {
    this.plainPassword = plain;
  }

  getString(name: string): string {
    const v = this.get(name);
    return v === null || v === undefined ? '' : String(v);
  }

  getInt(name: string): number {
    return Math.trunc(Number(this.get(name)) || 0);
  }

  getFloat(name: string): number {
    return Number(this.get(name)) || 0;
  }

  getBool(name: string): boolean {
    return Boolean(this.get(name));
  }

  /** Every value, `id` included: what a save writes. */
  toJSON(): Json {
    return { ...this.values, id: this.id };
  }
}
