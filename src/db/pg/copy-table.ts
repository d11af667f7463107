// One SQLite table's rows into the PostgreSQL table of the same name (`migrate-to-postgres`), and the
// checksum that proves both hold the same values.
import { Database } from 'bun:sqlite';
import type { SQL } from 'bun';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A SQLite database of a data dir, opened read-only: the copy's source is never written. */
export type SqliteSource = Database;

export function openSource(path: string): SqliteSource {
  return new Database(path, { readonly: true });
}

/** The number of rows of a source table. */
export function countRows(db: SqliteSource, table: string): number {
  return (db.query(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
}

/** A PostgreSQL column and the type its values are converted to and compared as. */
export interface TargetColumn {
  name: string;
  /** `udt_name`: text, jsonb, json, bool, float8, int8, numeric, varchar, … */
  type: string;
}

export interface TableSpec {
  table: string;
  /** The column that orders the checksum (unique; compared byte-wise on both engines). */
  key: string;
  /** Copy SQLite's rowid into `"_rowid_"` (collection tables: insertion order survives). */
  rowid: boolean;
}

export interface CopyResult {
  rows: number;
  /** Source columns the target has no column for (their values are not copied). */
  dropped: string[];
  /** Values that were not JSON in a JSON column: stored as JSON strings. */
  notJson: number;
}

const JSON_TYPES = new Set(['jsonb', 'json']);
const NUMBER_TYPES = new Set(['float8', 'float4', 'int8', 'int4', 'int2', 'numeric']);

/** The target table's columns in order; [] when it doesn't exist. */
export async function targetColumns(sql: SQL, table: string): Promise<TargetColumn[]> {
  const rows = (await sql.unsafe(
    `SELECT column_name AS name, udt_name AS type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  )) as TargetColumn[];
  return [...rows];
}

/** The source table's column names (without rowid). */
export function sourceColumns(db: Database, table: string): string[] {
  return db
    .query(`SELECT name FROM pragma_table_info(?)`)
    .all(table)
    .map((r) => (r as { name: string }).name);
}

/** `{b: 1, a: [true]}` → `{"a":[true],"b":1}`: one text per JSON value, whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * SQLite JSON text → the JSON it holds; text that isn't JSON is kept as a JSON string. A BLOB is
 * read as its text (PocketBase writes `_params.value` as one).
 */
function sqliteJson(raw: unknown): { json: unknown; valid: boolean } {
  const v = raw instanceof Uint8Array ? text(raw) : raw;
  if (typeof v !== 'string') return { json: v, valid: true };
  try {
    return { json: JSON.parse(v), valid: true };
  } catch {
    return { json: v, valid: false };
  }
}

function text(v: unknown): string {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

/** A SQLite value as the text PostgreSQL reads for a column of `type` (null stays null). */
function toTargetText(v: unknown, type: string): { value: string | null; notJson: boolean } {
  if (v === null || v === undefined) return { value: null, notJson: false };
  if (JSON_TYPES.has(type)) {
    const { json, valid } = sqliteJson(v);
    return { value: JSON.stringify(json), notJson: !valid };
  }
  if (type === 'bool') return { value: truthy(v) ? 'true' : 'false', notJson: false };
  return { value: text(v), notJson: false };
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === '1' || v === 'true' || v === 'TRUE';
}

/** Both engines' values in one comparable form: JSON parsed, booleans, numbers as numbers. */
function normalSqlite(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (JSON_TYPES.has(type)) return canonicalJson(sqliteJson(v).json);
  if (type === 'bool') return truthy(v);
  if (NUMBER_TYPES.has(type)) return Number(v);
  return text(v);
}

/** PostgreSQL's text output (every column is read `::text`) in the form of `normalSqlite`. */
function normalPostgres(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  const s = String(v);
  if (JSON_TYPES.has(type)) return canonicalJson(JSON.parse(s));
  if (type === 'bool') return s === 't' || s === 'true';
  if (NUMBER_TYPES.has(type)) return Number(s);
  return s;
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
function batchSize(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(30_000 / Math.max(1, columns))));
}

/**
 * Copies every row of `spec.table`, in rowid order, in batches; `onProgress(done)` after each.
 * The target table must exist (created by the core) and is emptied first.
 */
export async function copyTable(
  source: Database,
  target: SQL,
  spec: TableSpec,
  onProgress: (done: number) => void,
): Promise<CopyResult> {
  const targetCols = await targetColumns(target, spec.table);
  const types = new Map(targetCols.map((c) => [c.name, c.type]));
  const srcCols = sourceColumns(source, spec.table);
  const cols = srcCols.filter((c) => types.has(c));
  const dropped = srcCols.filter((c) => !types.has(c));
  const withRowid = spec.rowid && types.has('_rowid_');
  const targetNames = [...(withRowid ? ['_rowid_'] : []), ...cols];
  const casts = targetNames.map((c) => (c === '_rowid_' ? 'int8' : types.get(c)!));
  const per = batchSize(targetNames.length);
  const select = source.query(
    `SELECT rowid AS "__satchel_rowid", ${cols.map(quote).join(', ')} FROM ${quote(spec.table)}
     WHERE rowid > ? ORDER BY rowid LIMIT ${per}`,
  );
  await target.unsafe(`DELETE FROM ${quote(spec.table)}`);
  let last = -Infinity as number;
  let rows = 0;
  let notJson = 0;
  for (;;) {
    const batch = select.all(last === -Infinity ? Number.MIN_SAFE_INTEGER : last) as Record<
      string,
      unknown
    >[];
    if (batch.length === 0) break;
    const params: (string | null)[] = [];
    const tuples: string[] = [];
    for (const row of batch) {
      const slots: string[] = [];
      targetNames.forEach((name, i) => {
        const raw = name === '_rowid_' ? row.__satchel_rowid : row[name];
        const converted = toTargetText(raw, casts[i]!);
        if (converted.notJson) notJson++;
        params.push(converted.value);
        // Sent as text and cast by PostgreSQL: no client-side guessing of JSON or numbers.
        slots.push(`($${params.length}::text)::${casts[i]}`);
      });
      tuples.push(`(${slots.join(', ')})`);
    }
    await target.unsafe(
      `INSERT INTO ${quote(spec.table)} (${targetNames.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
    rows += batch.length;
    last = Number(batch.at(-1)!.__satchel_rowid);
    onProgress(rows);
  }
  if (withRowid) {
    // New rows continue after the copied ones, as they would have in SQLite.
    await target.unsafe(
      `SELECT setval(pg_get_serial_sequence($1, '_rowid_'), GREATEST(COALESCE(MAX("_rowid_"), 0), 1), COALESCE(MAX("_rowid_"), 0) > 0) FROM ${quote(spec.table)}`,
      [quote(spec.table)],
    );
  }
  return { rows, dropped, notJson };
}

export interface Checksum {
  rows: number;
  /** sha256 over the normalised rows ordered by the key column, hex. */
  hash: string;
}

/** The columns both sides compare: the target's columns the source has, plus the rowid when copied. */
async function comparedColumns(source: Database, target: SQL, spec: TableSpec) {
  const targetCols = await targetColumns(target, spec.table);
  const src = new Set(sourceColumns(source, spec.table));
  const cols = targetCols.filter((c) => src.has(c.name));
  const withRowid = spec.rowid && targetCols.some((c) => c.name === '_rowid_');
  return { cols, withRowid };
}

/** The same checksum over the SQLite source and the PostgreSQL target, streamed in key order. */
export async function checksums(
  source: Database,
  target: SQL,
  spec: TableSpec,
): Promise<{ source: Checksum; target: Checksum }> {
  const { cols, withRowid } = await comparedColumns(source, target, spec);
  const per = 2000;
  const k = quote(spec.key);
  const src = new Bun.CryptoHasher('sha256');
  let srcRows = 0;
  const srcQuery = source.query(
    `SELECT ${withRowid ? 'rowid AS "_rowid_", ' : ''}${cols.map((c) => quote(c.name)).join(', ')}
     FROM ${quote(spec.table)} WHERE ${k} > ? ORDER BY ${k} LIMIT ${per}`,
  );
  let after = '';
  for (;;) {
    const batch = srcQuery.all(after) as Record<string, unknown>[];
    for (const row of batch) {
      const values = cols.map((c) => normalSqlite(row[c.name], c.type));
      src.update(`${JSON.stringify(withRowid ? [Number(row._rowid_), ...values] : values)}\n`);
    }
    srcRows += batch.length;
    if (batch.length < per) break;
    after = String(batch.at(-1)![spec.key]);
  }
  const dst = new Bun.CryptoHasher('sha256');
  let dstRows = 0;
  const list = [...(withRowid ? ['"_rowid_"::text AS "_rowid_"'] : [])]
    .concat(cols.map((c) => `${quote(c.name)}::text AS ${quote(c.name)}`))
    .join(', ');
  after = '';
  for (;;) {
    // COLLATE "C": byte order, as SQLite's BINARY collation sorts the same keys.
    const batch = (await target.unsafe(
      `SELECT ${list} FROM ${quote(spec.table)} WHERE ${k} COLLATE "C" > $1 ORDER BY ${k} COLLATE "C" LIMIT ${per}`,
      [after],
    )) as Record<string, unknown>[];
    for (const row of batch) {
      const values = cols.map((c) => normalPostgres(row[c.name], c.type));
      dst.update(`${JSON.stringify(withRowid ? [Number(row._rowid_), ...values] : values)}\n`);
    }
    dstRows += batch.length;
    if (batch.length < per) break;
    after = String(batch.at(-1)![spec.key]);
  }
  return {
    source: { rows: srcRows, hash: src.digest('hex') },
    target: { rows: dstRows, hash: dst.digest('hex') },
  };
}
