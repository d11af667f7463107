// UNIQUE index pre-checks (collections-and-fields.md §4.4 `validation_not_unique`), so a duplicate is a 400, never a 500.
import type { Param } from '../../db/conn.ts';
import { derivedAlias } from '../collections/ddl.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import { type ErrorData, fieldError } from '../errors.ts';
import { fieldToDb } from './codec.ts';
import type { RecordData } from './record.ts';
import { collectionCached, collectionSql, quoteIdent } from './sql.ts';
import { collatedEquals, engineOf, fieldParam, tryQuery } from './sql-dialect.ts';

export interface UniqueIndex {
  name: string;
  /** Plain column names, with the collation the index compares them with. */
  columns: { name: string; collate: string | null }[];
  /** The partial-index condition (`email != ''`), or null. */
  where: string | null;
}

const UNIQUE_INDEX =
  /^\s*create\s+unique\s+index\s+(?:if\s+not\s+exists\s+)?(\S+)\s+on\s+\S+\s*\(([\s\S]*?)\)\s*(?:where\s+([\s\S]*?))?;?\s*$/i;
const COLUMN = /^[`"[]?(\w+)[`"\]]?(?:\s+collate\s+(\w+))?(?:\s+(?:asc|desc))?$/i;

/**
 * `CREATE UNIQUE INDEX idx ON t (email COLLATE NOCASE) WHERE email != ''` → {columns: [{email, NOCASE}], where}.
 * Expression indexes (`lower(x)`) return null: the SQLite constraint remains the last line of defence.
 */
export function parseUniqueIndex(sql: string): UniqueIndex | null {
  const m = UNIQUE_INDEX.exec(sql);
  if (!m) return null;
  const columns: UniqueIndex['columns'] = [];
  for (const part of (m[2] ?? '').split(',')) {
    const c = COLUMN.exec(part.trim());
    if (!c) return null;
    columns.push({ name: c[1]!, collate: c[2]?.toUpperCase() ?? null });
  }
  return { name: m[1]!.replace(/[`"[\]]/g, ''), columns, where: m[3]?.trim() || null };
}

function uniqueIndexes(core: Core, collection: Collection): UniqueIndex[] {
  return collectionCached(core, collection, 'uniqueIndexes', () => parseUniqueIndexes(collection));
}

function parseUniqueIndexes(collection: Collection): UniqueIndex[] {
  const out: UniqueIndex[] = [];
  for (const sql of collection.indexes) {
    const idx = parseUniqueIndex(sql);
    if (idx?.columns.every((c) => collection.fields.some((f) => f.name === c.name))) out.push(idx);
  }
  return out;
}

const NOT_UNIQUE = () => fieldError('validation_not_unique', 'Value must be unique.');

/**
 * For every UNIQUE index of the collection: does another row already hold the record's values?
 * A partial index only counts when the record's own values satisfy its WHERE, which is checked by
 * evaluating it over a one-row SELECT of the record's values.
 */
export function checkUnique(
  core: Core,
  collection: Collection,
  record: RecordData,
  /** The stored row being updated (its id, not a new one the body asks for), not a collision. */
  selfId: string = record.id,
): ErrorData {
  const errors: ErrorData = {};
  const conn = readConn(core);
  for (const idx of uniqueIndexes(core, collection)) {
    if (idx.columns.every((c) => errors[c.name])) continue;
    const params: Param[] = idx.columns.map((c) =>
      fieldToDb(collection.fields.find((f) => f.name === c.name)!, record[c.name]),
    );
    params.push(selfId);
    const sql = collectionSql(core, collection, `unique:${idx.name}`, (t) => {
      const cond = idx.columns
        .map((c) => collatedEquals(conn.engine, quoteIdent(c.name), c.collate))
        .join(' AND ');
      const where = idx.where ? ` AND (${idx.where})` : '';
      return `SELECT 1 AS hit FROM ${t} WHERE ${cond} AND "id" != ?${where} LIMIT 1`;
    });
    let hit: unknown;
    try {
      hit = tryQuery(conn, () => {
        const found = conn.get(sql, params);
        return found && idx.where && !matchesWhere(core, collection, idx, record) ? null : found;
      });
    } catch {
      // An index condition we can't evaluate here: leave it to the SQLite constraint.
      continue;
    }
    if (hit) for (const c of idx.columns) errors[c.name] = NOT_UNIQUE();
  }
  return errors;
}

function matchesWhere(
  core: Core,
  collection: Collection,
  idx: UniqueIndex,
  record: RecordData,
): boolean {
  const fields = collection.fields;
  const sql = collectionSql(core, collection, `uniqueWhere:${idx.name}`, () => {
    const cols = fields
      .map((f) => `${fieldParam(engineOf(core), f)} AS ${quoteIdent(f.name)}`)
      .join(', ');
    return `SELECT 1 AS ok FROM (SELECT ${cols})${derivedAlias(engineOf(core), quoteIdent(collection.name))} WHERE (${idx.where})`;
  });
  const params = fields.map((f) => fieldToDb(f, record[f.name]));
  return readConn(core).get(sql, params) !== null;
}

/**
 * After SQLite refused a write with a UNIQUE/PRIMARY KEY constraint (matched by error code, not
 * text): name the fields of the indexes the record collides with, or `id` for the primary key.
 */
export function uniqueViolationErrors(
  core: Core,
  collection: Collection,
  record: RecordData,
  code: string,
): ErrorData {
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return { id: NOT_UNIQUE() };
  return checkUnique(core, collection, record);
}

export function constraintCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ? code
    : null;
}
