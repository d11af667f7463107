// PocketBase's JSVM `Record` as a view over Satchel's plain RecordData: `set` writes through.
//
// Not the migrations' Record (core/migrations/js-api.ts): that one is a detached value bag saved
// synchronously inside the migration transaction; this one wraps the live record of a hook event
// (`e.record.set('title', …)` changes what is saved) and records read by `$app`.
import type { Collection as StoredCollection } from '../../core/collections/model.ts';
import type { Core } from '../../core/core.ts';
import { Collection, collectionModel } from '../../core/migrations/js-api.ts';
import { emptyRecord } from '../../core/records/codec.ts';
import type { RecordData } from '../../core/records/record.ts';

type Json = { [key: string]: unknown };

/** PocketBase's `types.DateTime` as JS sees it: a few readers over the stored text. */
export class DateTime {
  constructor(private readonly value: string) {}
  string(): string {
    return this.value;
  }
  isZero(): boolean {
    return this.value === '';
  }
  unix(): number {
    return this.value ? Math.floor(Date.parse(this.value.replace(' ', 'T')) / 1000) : 0;
  }
  time(): Date {
    return new Date(this.value.replace(' ', 'T'));
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

/** The collection of a record made without one; saving it fails (no such collection). */
const DETACHED = {
  id: '',
  name: '',
  type: 'base',
  fields: [],
  indexes: [],
} as unknown as StoredCollection;

/** Builds the `Record` class bound to one core (its constructor resolves collection models). */
export function recordClass(core: Core) {
  const storedOf = (c: unknown): StoredCollection => {
    // `new Record()`: a template for `arrayOf(new Record())`, filled by a query.
    if (c === undefined) return DETACHED;
    if (c instanceof Collection) return core.collections.require(String(c.id || c.name));
    if (typeof c === 'string') return core.collections.require(c);
    throw new Error('new Record: expects a collection (from $app.findCollectionByNameOrId)');
  };

  class Record {
    /** The values, shared with the hook event when this wraps one. */
    data: RecordData;
    stored: StoredCollection;
    originalData: RecordData | null;
    private hidden = new Set<string>();
    private unhidden = new Set<string>();
    private custom = false;
    private expanded: Json = {};

    constructor(collection: unknown, data: Json = {}) {
      this.stored = storedOf(collection);
      this.data = emptyRecord(this.stored);
      this.originalData = null;
      this.load(data);
    }

    /** A view over existing values; `original` is the stored record for an update. */
    static over(c: StoredCollection, data: RecordData, original: RecordData | null): Record {
      const r = Object.create(Record.prototype) as Record;
      Object.assign(r, {
        data,
        stored: c,
        originalData: original,
        hidden: new Set(),
        unhidden: new Set(),
        custom: false,
        expanded: {},
      });
      return r;
    }

    get id(): string {
      return this.data.id;
    }
    set id(v: string) {
      this.data.id = String(v ?? '');
    }

    collection(): Collection {
      return collectionModel(this.stored);
    }
    tableName(): string {
      return this.stored.name;
    }
    isNew(): boolean {
      return this.originalData === null;
    }
    original(): Record {
      return Record.over(this.stored, { ...(this.originalData ?? this.data) }, this.originalData);
    }
    fresh(): Record {
      return Record.over(this.stored, { ...this.data }, this.originalData);
    }
    clone(): Record {
      return this.fresh();
    }

    /** A name with no value is null (Go's nil), never undefined. */
    get(name: string): unknown {
      return this.data[name] ?? null;
    }
    getRaw(name: string): unknown {
      return this.data[name] ?? null;
    }
    set(name: string, value: unknown): void {
      // `field+` / `+field` / `field-` modifiers, as PocketBase's Record.Set.
      const m = /^(\+)?(\w+)([+-])?$/.exec(name);
      const key = m?.[2] ?? name;
      const cur = this.data[key];
      const list = (v: unknown) => (Array.isArray(v) ? v : v === '' || v == null ? [] : [v]);
      if (m?.[1] === '+') this.data[key] = Array.isArray(cur) ? [...list(value), ...cur] : value;
      else if (m?.[3] === '+')
        this.data[key] = Array.isArray(cur)
          ? [...cur, ...list(value)]
          : typeof cur === 'number'
            ? cur + Number(value)
            : value;
      else if (m?.[3] === '-')
        this.data[key] = Array.isArray(cur)
          ? cur.filter((x) => !list(value).includes(x))
          : typeof cur === 'number'
            ? cur - Number(value)
            : cur;
      else this.data[key] = key === 'id' ? String(value ?? '') : value;
    }
    load(data: Json): void {
      for (const [k, v] of Object.entries(data ?? {})) this.set(k, v);
    }

    getString(name: string): string {
      const v = this.get(name);
      if (v === null || v === undefined) return '';
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    getInt(name: string): number {
      return Math.trunc(Number(this.get(name)) || 0);
    }
    getFloat(name: string): number {
      return Number(this.get(name)) || 0;
    }
    getBool(name: string): boolean {
      // Go's cast.ToBool: non-zero numbers, and ParseBool's spellings of true.
      const v = this.get(name);
      if (typeof v === 'number') return v !== 0;
      return v === true || ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(String(v));
    }
    getDateTime(name: string): DateTime {
      return new DateTime(this.getString(name));
    }
    getStringSlice(name: string): string[] {
      const v = this.get(name);
      return (Array.isArray(v) ? v : v ? [v] : []).map(String);
    }

    email(): string {
      return this.getString('email');
    }
    setEmail(v: string): void {
      this.set('email', v);
    }
    verified(): boolean {
      return this.getBool('verified');
    }
    setVerified(v: boolean): void {
      this.set('verified', v);
    }
    emailVisibility(): boolean {
      return this.getBool('emailVisibility');
    }
    setEmailVisibility(v: boolean): void {
      this.set('emailVisibility', v);
    }
    tokenKey(): string {
      return this.getString('tokenKey');
    }
    /** Saved as the new password (hashed then), as PocketBase's. */
    setPassword(plain: string): void {
      const f = this.stored.fields.find((x) => x.type === 'password');
      if (f) this.data[f.name] = plain;
    }
    validatePassword(plain: string): boolean {
      const hash = this.getString('password');
      if (!hash.startsWith('$2')) return false;
      return Bun.password.verifySync(plain, hash.replace(/^\$2a\$/, '$2b$'));
    }
    isSuperuser(): boolean {
      return this.stored.name === '_superusers';
    }

    hide(...names: string[]): Record {
      for (const n of names) {
        this.hidden.add(n);
        this.unhidden.delete(n);
      }
      return this;
    }
    unhide(...names: string[]): Record {
      for (const n of names) {
        this.unhidden.add(n);
        this.hidden.delete(n);
      }
      return this;
    }
    withCustomData(on: boolean): Record {
      this.custom = on;
      return this;
    }
    expandedOne(name: string): unknown {
      return this.expanded[name] ?? null;
    }
    setExpand(expand: Json): void {
      this.expanded = { ...expand };
    }

    /** The JSON PocketBase writes for a record passed to `e.json`: fields in key order. */
    publicExport(): Json {
      const out: Json = { collectionId: this.stored.id, collectionName: this.stored.name };
      const known = new Set<string>();
      for (const f of this.stored.fields) {
        known.add(f.name);
        if (f.type === 'password' || (this.stored.type === 'auth' && f.name === 'tokenKey'))
          continue;
        if ((f.hidden && !this.unhidden.has(f.name)) || this.hidden.has(f.name)) continue;
        if (f.name === 'email' && this.stored.type === 'auth' && !this.data.emailVisibility)
          if (!this.unhidden.has('email')) continue;
        out[f.name] = this.data[f.name];
      }
      if (this.custom) {
        for (const [k, v] of Object.entries(this.data))
          if (!known.has(k) && !this.hidden.has(k)) out[k] = v;
      }
      if (Object.keys(this.expanded).length) out.expand = this.expanded;
      return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    toJSON(): Json {
      return this.publicExport();
    }
  }
  return Record;
}

export type PbRecordClass = ReturnType<typeof recordClass>;
export type PbRecord = InstanceType<PbRecordClass>;
