// Collection validation (collections-and-fields.md §2): every rule, PocketBase's codes and nesting.
import type { Conn } from '../../db/conn.ts';
import { type ErrorData, fieldError } from '../errors.ts';
import { validateFieldCommon } from '../fields/common.ts';
import { getFieldKind } from '../fields/index.ts';
import { FilterError, prepareFilter } from '../filter/index.ts';
import { relationExists } from './catalog.ts';
import type { CollectionLookup } from './lookup.ts';
import { type Collection, type Field, RULE_KEYS } from './model.ts';
import { validateAuthOptions } from './validate-auth.ts';
import { validateIndexes } from './validate-indexes.ts';
import {
  invalidFormat,
  invalidValue,
  lengthOutOfRange,
  mergeErrors,
  mustBeNil,
  required,
  setError,
  valuesMismatch,
} from './validation-errors.ts';

export interface ValidateContext {
  lookup: CollectionLookup;
  conn: Conn;
  /**
   * An import: PocketBase saves every item before validating, so its relation check compares
   * with the just-saved draft and a relation may be pointed at another collection.
   */
  isImport?: boolean;
}

const WORD = /^\w+$/;
/** Tables of data.db/auxiliary.db that are not collections (§7). */
const INTERNAL_TABLES = ['_collections', '_params', '_migrations', '_logs'];
/** Rules are compiled by the filter engine; this only bounds what we store. */
const MAX_RULE_LENGTH = 100_000;
const RESERVED_AUTH_FIELDS = ['passwordConfirm', 'oldPassword'];
/** PostgreSQL's NAMEDATALEN - 1: table and column names past it would be silently cut. */
const PG_MAX_IDENTIFIER = 63;

function isInternalTable(conn: Conn, name: string): boolean {
  const lower = name.toLowerCase();
  if (
    INTERNAL_TABLES.includes(lower) ||
    lower.startsWith('sqlite_') ||
    lower.startsWith('_satchel_')
  )
    return true;
  return relationExists(conn, name);
}

function validateId(ctx: ValidateContext, c: Collection, original?: Collection): ErrorData {
  const errors: ErrorData = {};
  if (original) {
    if (c.id !== original.id) errors.id = valuesMismatch();
  } else if (!c.id) errors.id = required();
  else if (c.id.length > 100) errors.id = lengthOutOfRange(1, 100);
  else if (!WORD.test(c.id)) errors.id = invalidFormat();
  else if (ctx.lookup.all().some((o) => o !== c && o.id === c.id))
    errors.id = fieldError('validation_invalid_id', 'The model id is invalid or already exists.');
  return errors;
}

function validateName(ctx: ValidateContext, c: Collection, original?: Collection): ErrorData {
  const name = c.name;
  const set = (e: ReturnType<typeof required>) => ({ name: e });
  if (!name) return set(required());
  if (name.length > 255) return set(lengthOutOfRange(1, 255));
  // PostgreSQL cuts longer identifiers (names are ASCII word characters: bytes = length).
  if (ctx.conn.engine === 'postgres' && name.length > PG_MAX_IDENTIFIER)
    return set(lengthOutOfRange(1, PG_MAX_IDENTIFIER));
  if (name.toLowerCase().includes('_via_'))
    return set(fieldError('validation_found_via', 'The value cannot contain "_via_".'));
  if (!WORD.test(name)) return set(invalidFormat());
  if (original?.system && name !== original.name)
    return set(
      fieldError(
        'validation_collection_system_name_change',
        'System collection name cannot be changed.',
      ),
    );
  const others = ctx.lookup.all().filter((o) => o !== c && o.id !== (original?.id ?? c.id));
  if (others.some((o) => o.name.toLowerCase() === name.toLowerCase()))
    return set(
      fieldError(
        'validation_collection_name_exists',
        'Collection name must be unique (case insensitive).',
      ),
    );
  if (others.some((o) => o.id === name))
    return set(
      fieldError(
        'validation_collection_name_id_duplicate',
        'The name must not match an existing collection id.',
      ),
    );
  const renamed = name.toLowerCase() !== (original?.name ?? '').toLowerCase();
  if (renamed && isInternalTable(ctx.conn, name))
    return set(
      fieldError(
        'validation_collection_name_invalid',
        "The name shouldn't match with an existing internal table.",
      ),
    );
  return {};
}

function fieldByName(fields: Field[], name: string, type: string): Field | undefined {
  return fields.find((f) => f.name === name && f.type === type);
}

/** The list-level checks PocketBase runs before the per-field ones (first problem wins). */
function validateFieldList(c: Collection, original?: Collection): ErrorData {
  const fields = c.fields;
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const [i, f] of fields.entries()) {
    if (ids.has(f.id))
      return {
        fields: {
          [i]: {
            id: fieldError(
              'validation_duplicated_field_id',
              `Duplicated or invalid field id "${f.id}".`,
            ),
          },
        },
      };
    if (names.has(f.name.toLowerCase()))
      return {
        fields: {
          [i]: {
            name: fieldError(
              'validation_duplicated_field_name',
              `Duplicated or invalid field name ${f.name}.`,
              { fieldName: f.name },
            ),
          },
        },
      };
    ids.add(f.id);
    names.add(f.name.toLowerCase());
  }
  // A view whose query is missing or broken has no fields either: PocketBase reports both.
  if (fields.length === 0) return { fields: required() };
  const id = fieldByName(fields, 'id', 'text');
  if (!id?.primaryKey)
    return {
      fields: fieldError('validation_missing_primary_key', 'Missing or invalid "id" PK field.'),
    };
  if (c.type === 'auth') {
    const wanted: [string, string][] = [
      ['password', 'password'],
      ['tokenKey', 'text'],
      ['email', 'email'],
      ['emailVisibility', 'bool'],
      ['verified', 'bool'],
    ];
    for (const [name, type] of wanted) {
      if (!fieldByName(fields, name, type))
        return {
          fields: fieldError(
            `validation_missing_${name}_field`,
            `System "${name}" field is required.`,
          ),
        };
    }
  }
  if (original && c.type !== 'view') {
    for (const old of original.fields) {
      if (!old.system) continue;
      const now = fields.find((f) => f.id === old.id);
      if (!now || now.name !== old.name)
        return {
          fields: fieldError(
            'validation_system_field_change',
            'System fields cannot be deleted or renamed.',
          ),
        };
    }
  }
  return {};
}

function validateFields(ctx: ValidateContext, c: Collection, original?: Collection): ErrorData {
  const errors: ErrorData = validateFieldList(c, original);
  if (errors.fields) return errors;
  const opts = { collection: c, findCollection: (x: string) => ctx.lookup.find(x) };
  for (const [i, f] of c.fields.entries()) {
    const path = ['fields', String(i)];
    const old = original?.fields.find((o) => o.id === f.id);
    if (old && old.type !== f.type && c.type !== 'view') {
      setError(
        errors,
        path,
        fieldError('validation_field_type_change', 'Field type cannot be changed.'),
      );
      continue;
    }
    if (ctx.conn.engine === 'postgres' && Buffer.byteLength(f.name) > PG_MAX_IDENTIFIER) {
      setError(errors, [...path, 'name'], lengthOutOfRange(1, PG_MAX_IDENTIFIER));
      continue;
    }
    if (c.type === 'auth' && RESERVED_AUTH_FIELDS.includes(f.name))
      setError(
        errors,
        [...path, 'name'],
        fieldError(
          'validation_reserved_field_name',
          'The field name is reserved and cannot be used.',
        ),
      );
    const kind = getFieldKind(f.type);
    if (!kind) {
      setError(errors, [...path, 'type'], invalidValue());
      continue;
    }
    mergeErrors(errors, { fields: { [i]: validateFieldCommon(f) } });
    const own = kind.validateOptions(f, opts);
    mergeErrors(errors, { fields: { [i]: own } });
    // The relation kind checks the target against the lookup; the stored version is `original`
    // (during an import the lookup already holds the new draft), so immutability is checked here.
    if (
      !ctx.isImport &&
      f.type === 'relation' &&
      !own.collectionId &&
      old?.type === 'relation' &&
      old.collectionId !== f.collectionId
    )
      setError(
        errors,
        [...path, 'collectionId'],
        fieldError(
          'validation_field_relation_change',
          'The relation collection cannot be changed.',
        ),
      );
  }
  return errors;
}

function validateRules(c: Collection, original?: Collection): ErrorData {
  const errors: ErrorData = {};
  for (const key of RULE_KEYS) {
    const rule = c[key];
    if (c.type === 'view' && key !== 'listRule' && key !== 'viewRule' && rule !== null) {
      errors[key] = mustBeNil();
    } else if (rule !== null && rule.length > MAX_RULE_LENGTH) {
      errors[key] = lengthOutOfRange(0, MAX_RULE_LENGTH);
    } else if (original?.system && rule !== original[key]) {
      errors[key] = fieldError(
        'validation_collection_system_rule_change',
        'System collection API rule cannot be changed.',
      );
    }
  }
  return errors;
}

/**
 * Every non-empty rule must compile against `c` as it is being saved (filter-and-rules.md §5.3):
 * `{"listRule": {"code": "validation_invalid_rule", "message": "Invalid rule. Raw error: …"}}`.
 * Runs last, so an earlier error on the same key wins.
 */
function validateRuleExpressions(ctx: ValidateContext, c: Collection, errors: ErrorData): void {
  const rules: [string[], string | null][] = RULE_KEYS.map((k) => [[k], c[k]]);
  if (c.type === 'auth' && c.auth) {
    rules.push([['authRule'], c.auth.authRule]);
    rules.push([['manageRule'], c.auth.manageRule]);
    rules.push([['mfa', 'rule'], c.auth.mfa.rule]);
  }
  for (const [path, rule] of rules) {
    if (rule === null || rule === '' || typeof rule !== 'string') continue;
    try {
      prepareFilter(rule, c, ctx.lookup);
    } catch (err) {
      if (!(err instanceof FilterError)) throw err;
      setError(
        errors,
        path,
        fieldError('validation_invalid_rule', `Invalid rule. Raw error: ${err.message}`),
      );
    }
  }
}

/**
 * All validation errors of `c` as PocketBase nests them, e.g.
 * `{name: {...}, fields: {"2": {name: {...}}}, indexes: {"0": {...}}}`; `{}` when valid.
 * `original` is the stored version on update.
 */
export function validateCollection(
  ctx: ValidateContext,
  c: Collection,
  original?: Collection,
): ErrorData {
  const errors: ErrorData = {};
  mergeErrors(errors, validateId(ctx, c, original));
  if (original && c.system !== original.system)
    errors.system = fieldError(
      'validation_collection_system_flag_change',
      'System collection state cannot be changed.',
    );
  if (!['base', 'auth', 'view'].includes(c.type)) errors.type = invalidValue();
  else if (original && c.type !== original.type)
    errors.type = fieldError(
      'validation_collection_type_change',
      'Collection type cannot be changed.',
    );
  mergeErrors(errors, validateName(ctx, c, original));
  if (errors.type) return errors;
  mergeErrors(errors, validateFields(ctx, c, original));
  mergeErrors(errors, validateRules(c, original));
  mergeErrors(errors, validateIndexes(ctx.conn, c, original));
  if (c.type === 'auth') mergeErrors(errors, validateAuthOptions(c, original));
  if (c.type === 'view' && !c.viewQuery?.trim()) setError(errors, ['viewQuery'], required());
  validateRuleExpressions(ctx, c, errors);
  return errors;
}
