// Parses and rebuilds the `CREATE [UNIQUE] INDEX` statements stored in `collection.indexes`.
import {
  hasStatementSeparator,
  identName,
  isPunct,
  isWord,
  SqlSyntaxError,
  sourceOf,
  splitTopLevel,
  type Token,
  tokenize,
  trimStatement,
} from './sql-lexer.ts';

export interface IndexColumn {
  /** The column name (unquoted) when the entry is a plain column, else the expression text. */
  name: string;
  isColumn: boolean;
  collate: string;
  sort: '' | 'ASC' | 'DESC';
}

export interface ParsedIndex {
  unique: boolean;
  ifNotExists: boolean;
  schemaName: string;
  indexName: string;
  tableName: string;
  columns: IndexColumn[];
  where: string;
  /** Source offsets of the table name token, to rewrite it without touching the rest. */
  tableSpan: [number, number];
}

function parseColumn(sql: string, tokens: Token[]): IndexColumn | null {
  const toks = [...tokens];
  let sort: IndexColumn['sort'] = '';
  let collate = '';
  const last = toks[toks.length - 1];
  if (isWord(last, 'asc') || isWord(last, 'desc')) {
    sort = last!.value.toUpperCase() as 'ASC' | 'DESC';
    toks.pop();
  }
  const beforeLast = toks[toks.length - 2];
  if (isWord(beforeLast, 'collate') && identName(toks[toks.length - 1]) !== null) {
    collate = identName(toks[toks.length - 1])!;
    toks.splice(-2, 2);
  }
  if (toks.length === 0) return null;
  const only = toks.length === 1 ? identName(toks[0]) : null;
  return only !== null
    ? { name: only, isColumn: true, collate, sort }
    : { name: sourceOf(sql, toks), isColumn: false, collate, sort };
}

/**
 * `CREATE UNIQUE INDEX \`idx\` ON \`posts\` (\`slug\`) WHERE slug != ''` → its parts; null when
 * the text is not exactly one such statement.
 */
export function parseIndex(raw: string): ParsedIndex | null {
  const sql = trimStatement(raw);
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (err) {
    if (err instanceof SqlSyntaxError) return null;
    throw err;
  }
  if (hasStatementSeparator(tokens)) return null;
  let i = 0;
  const next = () => tokens[i++];
  if (!isWord(next(), 'create')) return null;
  let unique = false;
  if (isWord(tokens[i], 'unique')) {
    unique = true;
    i++;
  }
  if (!isWord(next(), 'index')) return null;
  let ifNotExists = false;
  if (isWord(tokens[i], 'if')) {
    if (!isWord(tokens[i + 1], 'not') || !isWord(tokens[i + 2], 'exists')) return null;
    ifNotExists = true;
    i += 3;
  }
  let schemaName = '';
  let indexName = identName(next());
  if (isPunct(tokens[i], '.')) {
    i++;
    schemaName = indexName ?? '';
    indexName = identName(next());
  }
  if (!indexName || !isWord(next(), 'on')) return null;
  const tableToken = next();
  const tableName = identName(tableToken);
  // Any table name is accepted: it is replaced by the collection name anyway.
  if (tableName === null || !tableToken || !isPunct(next(), '(')) return null;
  const colsStart = i;
  let depth = 1;
  while (i < tokens.length && depth > 0) {
    const t = tokens[i++]!;
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
  }
  if (depth !== 0) return null;
  const colTokens = tokens.slice(colsStart, i - 1);
  const columns: IndexColumn[] = [];
  for (const part of splitTopLevel(colTokens)) {
    const col = parseColumn(sql, part);
    if (!col) return null;
    columns.push(col);
  }
  if (columns.length === 0) return null;
  let where = '';
  if (i < tokens.length) {
    if (!isWord(next(), 'where') || i >= tokens.length) return null;
    where = sourceOf(sql, tokens.slice(i)).trim();
  }
  // Names go back into DDL between backticks: refuse ones that could break out of the quotes.
  if (/[`\0]/.test(indexName) || /[`\0]/.test(tableName)) return null;
  return {
    unique,
    ifNotExists,
    schemaName,
    indexName,
    tableName,
    columns,
    where,
    tableSpan: [tableToken.start, tableToken.end],
  };
}

/**
 * PocketBase's `dbutils.Index.Build()`, on `table`: names in backticks, one column inline and
 * several one per line, expressions as written:
 * `CREATE UNIQUE INDEX \`i\` ON \`posts\` (\n  \`a\`,\n  lower(b) DESC\n) WHERE a != ''`.
 */
export function buildIndex(p: ParsedIndex, table = p.tableName): string {
  const cols = p.columns.map((c) => {
    let s = c.isColumn ? `\`${c.name.replaceAll('`', '``')}\`` : c.name;
    if (c.collate) s += ` COLLATE ${c.collate}`;
    if (c.sort) s += ` ${c.sort}`;
    return s;
  });
  const list = cols.length > 1 ? `\n  ${cols.join(',\n  ')}\n` : cols.join('');
  return (
    `CREATE ${p.unique ? 'UNIQUE ' : ''}INDEX ${p.ifNotExists ? 'IF NOT EXISTS ' : ''}` +
    `${p.schemaName ? `\`${p.schemaName}\`.` : ''}\`${p.indexName}\` ON \`${table}\` (${list})` +
    `${p.where ? ` WHERE ${p.where}` : ''}`
  );
}

/**
 * The stored statement on `table` (collections-and-fields.md §2: table names are normalised to
 * the collection name). As in PocketBase, one on another table (a renamed collection, an old
 * PocketBase's `externalAuths`) is rebuilt with `buildIndex`; one already on it is kept as written.
 */
export function withTableName(raw: string, table: string): string {
  const p = parseIndex(raw);
  if (!p || p.tableName === table) return raw;
  return buildIndex(p, table);
}

/** The first UNIQUE index on exactly this one column (partial indexes count), PocketBase's test. */
export function findSingleColumnUniqueIndex(indexes: string[], column: string): ParsedIndex | null {
  for (const raw of indexes) {
    const p = parseIndex(raw);
    if (p?.unique && p.columns.length === 1) {
      const c = p.columns[0]!;
      if (c.isColumn && c.name.toLowerCase() === column.toLowerCase()) return p;
    }
  }
  return null;
}

/**
 * The statement with plain column references renamed (`old` → `new`, case-insensitive), so a
 * field rename carries its indexes along; unchanged statements are returned as written.
 */
export function renameIndexColumns(raw: string, renames: Map<string, string>): string {
  const p = parseIndex(raw);
  if (!p) return raw;
  let changed = false;
  const columns = p.columns.map((c) => {
    const to = c.isColumn ? renames.get(c.name.toLowerCase()) : undefined;
    if (to === undefined) return c;
    changed = true;
    return { ...c, name: to };
  });
  return changed ? buildIndex({ ...p, columns }) : raw;
}
