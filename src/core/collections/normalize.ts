// Turns a client's collection JSON into a full Collection: defaults, system fields, merged options.
import type { Conn } from '../../db/conn.ts';
import type { ErrorData } from '../errors.ts';
import { fieldError } from '../errors.ts';
import { fieldIdFor } from '../fields/common.ts';
import {
  authSystemFields,
  defaultFields,
  emailIndex,
  idField,
  newAuthOptions,
  newCollectionId,
  tokenKeyIndex,
} from './defaults.ts';
import { buildField } from './field-factory.ts';
import { findSingleColumnUniqueIndex, renameIndexColumns, withTableName } from './index-sql.ts';
import type { CollectionLookup } from './lookup.ts';
import { invalidFormat, isPlainObject, mergeTyped, ruleValue } from './merge.ts';
import {
  type AuthOptions,
  type Collection,
  type CollectionType,
  type Field,
  RULE_KEYS,
  SUPERUSERS_ID,
} from './model.ts';
import { inferViewFields, ViewQueryError } from './view-query.ts';

export interface DraftContext {
  lookup: CollectionLookup;
  /** Where view queries are compiled: the open transaction's connection, or the reader. */
  conn: Conn;
}

export interface Draft {
  collection: Collection;
  /** Problems found while drafting (bad view query), merged into the validation result. */
  errors: ErrorData;
}

export interface DraftOptions {
  /** Import without `deleteMissing`: fields absent from the input are kept. */
  keepMissingFields?: boolean;
  /** Import with `deleteMissing`: an item without `fields` has none of its own left. */
  fieldsRequired?: boolean;
  /** A collection being created: its current fields are only the type's defaults. */
  isNew?: boolean;
}

const TYPES: CollectionType[] = ['base', 'auth', 'view'];
const AUTH_RULE_KEYS = ['authRule', 'manageRule'] as const;

function stringOr(v: unknown, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw invalidFormat();
  return v;
}

/** A blank collection of `type`: what `POST /api/collections` starts from before the body is applied. */
export function blankCollection(type: CollectionType, name: string, id: string): Collection {
  const c: Collection = {
    id,
    name,
    type,
    system: false,
    fields: defaultFields(type),
    indexes: type === 'auth' ? [tokenKeyIndex(id, name), emailIndex(id, name)] : [],
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    created: '',
    updated: '',
  };
  if (type === 'view') c.viewQuery = '';
  if (type === 'auth') c.auth = newAuthOptions();
  return c;
}

/**
 * PocketBase reads a fields list with FieldsList.Add: an item with the id of an earlier one, or
 * without id and with an earlier one's exact name, replaces it where it stands (keeping its id):
 * `[{id: f1, name: a}, {id: f1, name: b}]` → `[{id: f1, name: b}]`. `a` and `A` stay two.
 */
function mergeRepeats(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const raw of input) {
    if (!isPlainObject(raw)) throw invalidFormat();
    const id = stringOr(raw.id, '');
    const name = stringOr(raw.name, '');
    const at = out.findIndex((o) => {
      const earlier = o as Record<string, unknown>;
      return id ? earlier.id === id : name !== '' && earlier.name === name;
    });
    if (at < 0) out.push(raw);
    else {
      const earlierId = (out[at] as Record<string, unknown>).id;
      out[at] = earlierId === undefined ? raw : { ...raw, id: earlierId };
    }
  }
  return out;
}

/**
 * Reads the fields list of the input, matching each item to a current field by id, else by
 * name+type. A name match keeps the stored field's id (its data and its system identity), except
 * on create, where the current fields are only defaults and a schema exported from elsewhere
 * (PocketBase's `_pbf_text_id_`, say) keeps its own ids.
 */
function resolveFields(
  input: unknown,
  current: Field[],
  keepMissing: boolean,
  isNew: boolean,
  /** The type's default fields: put back when left out (§2.2); other system fields are not. */
  autoNames: Set<string>,
  /** Import with `deleteMissing`: every system field left out comes back, as in PocketBase. */
  keepSystem = false,
): Field[] {
  if (!Array.isArray(input)) throw invalidFormat();
  const used = new Set<string>();
  const out: Field[] = [];
  for (const raw of mergeRepeats(input)) {
    if (!isPlainObject(raw)) throw invalidFormat();
    const type = stringOr(raw.type, '');
    const id = stringOr(raw.id, '');
    const name = stringOr(raw.name, '');
    let old = id ? current.find((f) => f.id === id) : undefined;
    const byId = old !== undefined;
    old ??= current.find(
      (f) => f.type === type && f.name.toLowerCase() === name.toLowerCase() && !used.has(f.id),
    );
    if (old) used.add(old.id);
    // Same id, other type: kept as the new type so validation reports the type change.
    const startFrom = old && old.type === type ? structuredClone(old) : {};
    const field = buildField(type || String(old?.type ?? ''), { ...startFrom, ...raw });
    if (old && (!field.id || (!byId && !isNew))) field.id = old.id;
    out.push(field);
  }
  // Default fields come back when left out; any other missing field only on import. A missing
  // system field of another kind stays missing, so validation refuses the change. PocketBase's
  // order: the fields as sent, then the ones put back (FieldsList.Add appends: an import's in
  // their stored order, the defaults in the type's order), except that a default `id` put back
  // outside an import goes first (initIdField prepends it):
  // auth `[nick]` → `[id, nick, password, tokenKey, email, emailVisibility, verified]`.
  const restored: Field[] = [];
  for (const f of current) {
    if (used.has(f.id) || out.some((o) => o.id === f.id)) continue;
    if (keepMissing || (keepSystem && f.system)) out.push(structuredClone(f));
    else if (f.system && autoNames.has(f.name)) restored.push(structuredClone(f));
  }
  const order = [...autoNames];
  restored.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const f of restored) {
    // Added by name: a same-named field of another type (`password` sent as text) is replaced
    // where it stands rather than reported as a duplicate.
    const sameName = out.findIndex((o) => o.name === f.name);
    if (f.name === 'id') out.unshift(f);
    else if (sameName >= 0) out[sameName] = f;
    else out.push(f);
  }
  const taken = new Set(out.map((f) => f.id).filter(Boolean));
  for (const f of out) {
    if (!f.id) {
      f.id = fieldIdFor(f.type, f.name, taken);
      taken.add(f.id);
    }
  }
  return out;
}

function readIndexes(input: unknown): string[] {
  if (!Array.isArray(input) || input.some((i) => typeof i !== 'string')) throw invalidFormat();
  return [...(input as string[])];
}

/** Applies the auth option keys of the input over `current` (secrets kept unless sent). */
function mergeAuthOptions(current: AuthOptions, input: Record<string, unknown>): AuthOptions {
  const out = structuredClone(current) as unknown as Record<string, unknown>;
  for (const key of Object.keys(current)) {
    if (!(key in input)) continue;
    if ((AUTH_RULE_KEYS as readonly string[]).includes(key)) out[key] = ruleValue(input[key]);
    else if (key === 'oauth2') out[key] = mergeOAuth2(current.oauth2, input[key]);
    else out[key] = mergeTyped(out[key], input[key]);
  }
  const merged = out as unknown as AuthOptions;
  const ids = merged.passwordAuth.identityFields;
  if (ids !== null && (!Array.isArray(ids) || ids.some((v) => typeof v !== 'string')))
    throw invalidFormat();
  return merged;
}

const PROVIDER_SHAPE = {
  pkce: null,
  name: '',
  clientId: '',
  clientSecret: '',
  authURL: '',
  tokenURL: '',
  userInfoURL: '',
  displayName: '',
  extra: null as Record<string, unknown> | null,
};

/**
 * Providers replace the list; a provider sent back without `clientSecret` (the API never shows
 * it) keeps the stored secret of the provider with the same name.
 */
function mergeOAuth2(current: AuthOptions['oauth2'], input: unknown): AuthOptions['oauth2'] {
  if (input === null || input === undefined) return current;
  if (!isPlainObject(input)) throw invalidFormat();
  const { providers, ...rest } = input;
  const out = mergeTyped({ ...current, providers: [] }, rest) as AuthOptions['oauth2'];
  out.providers = current.providers;
  if (providers !== undefined) {
    if (providers !== null && !Array.isArray(providers)) throw invalidFormat();
    out.providers = (providers ?? []).map((p) => {
      const shaped = mergeTyped(PROVIDER_SHAPE, p) as typeof PROVIDER_SHAPE;
      // PocketBase answers `extra: {}` for a provider sent without one, or with null.
      shaped.extra ??= {};
      if (!shaped.clientSecret) {
        const prev = current.providers?.find((o) => o.name === shaped.name);
        if (typeof prev?.clientSecret === 'string') shaped.clientSecret = prev.clientSecret;
      }
      return shaped;
    });
  }
  return out;
}

function ensureField(c: Collection, def: Field, enforce: Partial<Field>, at?: number): void {
  const existing = c.fields.find((f) => f.name === def.name && f.type === def.type);
  if (existing) {
    Object.assign(existing, enforce);
  } else if (!c.fields.some((f) => f.name === def.name)) {
    const taken = new Set(c.fields.map((f) => f.id));
    const field = {
      ...def,
      id: taken.has(def.id) ? fieldIdFor(def.type, def.name, taken) : def.id,
    };
    if (at === undefined) c.fields.push(field);
    else c.fields.splice(at, 0, field);
  }
}

/**
 * PocketBase's save-time defaults: `id` (and auth system fields) present with their enforced
 * flags, required auth unique indexes, index table names = collection name, `_superusers` rules.
 */
export function applySystemDefaults(c: Collection): void {
  if (c.type !== 'view') {
    ensureField(c, idField(), { system: true, required: true, primaryKey: true, hidden: false }, 0);
    const id = c.fields.find((f) => f.name === 'id' && f.type === 'text');
    if (id && !id.pattern) id.pattern = '^[a-z0-9]+$';
  }
  if (c.type === 'auth') {
    const [, password, tokenKey, email, emailVisibility, verified] = authSystemFields();
    ensureField(c, password!, { system: true, hidden: true, required: true });
    ensureField(c, tokenKey!, { system: true, hidden: true, required: true });
    ensureField(c, email!, { system: true, hidden: false });
    ensureField(c, emailVisibility!, { system: true });
    ensureField(c, verified!, { system: true });
    if (!findSingleColumnUniqueIndex(c.indexes, 'tokenKey'))
      c.indexes.push(tokenKeyIndex(c.id, c.name));
    if (!findSingleColumnUniqueIndex(c.indexes, 'email')) c.indexes.push(emailIndex(c.id, c.name));
    const auth = c.auth ?? newAuthOptions();
    c.auth = auth;
    const mapped = auth.oauth2.mappedFields;
    for (const k of Object.keys(mapped) as (keyof typeof mapped)[]) {
      if (mapped[k] && !c.fields.some((f) => f.name === mapped[k])) mapped[k] = '';
    }
    if (c.id === SUPERUSERS_ID) {
      // §2: superusers always log in with a password, never via OAuth2, and OTP implies MFA.
      auth.oauth2.enabled = false;
      auth.passwordAuth.enabled = true;
      if (auth.otp.enabled) auth.mfa.enabled = true;
    }
  }
  c.indexes = c.indexes.map((raw) => withTableName(raw, c.name));
}

/**
 * Applies `input` over `base` (a blank collection on create, the stored one on update): top-level
 * keys replace, option objects merge, `fields` replaces the list (matched by id). View fields are
 * always inferred from the query.
 */
export function draftCollection(
  ctx: DraftContext,
  base: Collection,
  input: Record<string, unknown>,
  options: DraftOptions = {},
): Draft {
  const c = structuredClone(base);
  const errors: ErrorData = {};
  if (input.id !== undefined) c.id = stringOr(input.id, c.id);
  if (input.name !== undefined) c.name = stringOr(input.name, c.name);
  if (input.type !== undefined) c.type = stringOr(input.type, c.type) as CollectionType;
  if (input.system !== undefined) {
    if (typeof input.system !== 'boolean') throw invalidFormat();
    c.system = input.system;
  }
  for (const key of RULE_KEYS) {
    if (input[key] !== undefined) c[key] = ruleValue(input[key]);
  }
  if (input.indexes !== undefined)
    c.indexes = input.indexes === null ? [] : readIndexes(input.indexes);
  if (c.type === 'auth' && base.type === 'auth')
    c.auth = mergeAuthOptions(c.auth ?? newAuthOptions(), input);
  if (c.type === 'view') {
    c.viewQuery = stringOr(input.viewQuery, c.viewQuery ?? '');
    c.fields = [];
    if (c.viewQuery.trim()) {
      try {
        c.fields = inferViewFields(ctx.conn, ctx.lookup, c.viewQuery, base.fields);
      } catch (err) {
        if (!(err instanceof ViewQueryError)) throw err;
        errors.viewQuery = fieldError(
          'validation_invalid_view_query',
          `Invalid query - ${err.message}`,
        );
      }
    }
  } else if (
    (input.fields !== undefined && input.fields !== null) ||
    (options.fieldsRequired && !options.keepMissingFields)
  ) {
    c.fields = resolveFields(
      input.fields ?? [],
      base.fields,
      options.keepMissingFields ?? false,
      options.isNew ?? false,
      new Set(defaultFields(c.type).map((f) => f.name)),
      options.fieldsRequired ?? false,
    );
    const renames = new Map<string, string>();
    for (const f of c.fields) {
      const old = base.fields.find((o) => o.id === f.id);
      if (old && old.name !== f.name) renames.set(old.name.toLowerCase(), f.name);
    }
    if (renames.size) c.indexes = c.indexes.map((raw) => renameIndexColumns(raw, renames));
  }
  if (TYPES.includes(c.type) && c.type === base.type) applySystemDefaults(c);
  return { collection: c, errors };
}

/** The collection a create request describes (id generated from type+name unless given). */
export function draftNewCollection(ctx: DraftContext, input: Record<string, unknown>): Draft {
  const rawType = stringOr(input.type, 'base');
  const type = (TYPES as string[]).includes(rawType) ? (rawType as CollectionType) : 'base';
  const name = stringOr(input.name, '');
  const givenId = stringOr(input.id, '');
  const id =
    givenId || newCollectionId(type, name, (x) => ctx.lookup.all().some((c) => c.id === x));
  const draft = draftCollection(
    ctx,
    blankCollection(type, name, id),
    { ...input, id },
    {
      isNew: true,
    },
  );
  if (rawType !== type) {
    draft.collection.type = rawType as CollectionType;
    draft.errors.type = fieldError('validation_in_invalid', 'Must be a valid value.');
  }
  return draft;
}
