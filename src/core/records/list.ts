// Record lists (http-api.md §1.5, §3.1): pagination, skipTotal, sort by plain fields; rules as SQL conditions.
import type { Row } from '../../db/conn.ts';
import type { AuthInfo } from '../auth/auth-info.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../context.ts';
import { BadRequestError, ForbiddenError } from '../errors.ts';
import { recordFromRow } from './codec.ts';
import type { RecordData } from './record.ts';
import { assertRuleNotLocked, ruleCondition } from './rules.ts';
import { quoteIdent } from './sql.ts';

export interface ListQuery {
  page?: string | null;
  perPage?: string | null;
  sort?: string | null;
  filter?: string | null;
  skipTotal?: string | null;
}

export interface ListResult {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: RecordData[];
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 1000;
const MAX_SORT_ITEMS = 8;

export function listRecords(
  core: Core,
  c: Collection,
  auth: AuthInfo | null,
  query: ListQuery,
): ListResult {
  assertRuleNotLocked(c.listRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  for (const value of [query.filter, query.sort]) {
    if (isSuperuser || !value) continue;
    if (value.includes('@collection.'))
      throw new ForbiddenError('Only superusers can filter by @collection.');
    if (value.includes('@request.'))
      throw new ForbiddenError('Only superusers can filter by @request.');
  }
  // TODO: the filter compiler arrives with the next issue; answering unfiltered would leak rows.
  if (query.filter?.trim()) throw new BadRequestError('Filtering records is not supported yet.');
  let page = parseIntParam(query.page, 1);
  if (page <= 0) page = 1;
  let perPage = parseIntParam(query.perPage, DEFAULT_PER_PAGE);
  if (perPage <= 0) perPage = DEFAULT_PER_PAGE;
  if (perPage > MAX_PER_PAGE) perPage = MAX_PER_PAGE;
  const skipTotal = parseGoBool(query.skipTotal);
  const orderBy = buildOrderBy(c, query.sort ?? '', isSuperuser);
  const rule = ruleCondition(core, c, c.listRule, auth);
  const table = quoteIdent(c.name);
  const where = ` WHERE (${rule.sql})`;
  const conn = readConn(core);
  let rows: Row[];
  let totalItems = -1;
  try {
    rows = conn.all<Row>(`SELECT * FROM ${table}${where}${orderBy} LIMIT ? OFFSET ?`, [
      ...rule.params,
      perPage,
      (page - 1) * perPage,
    ]);
    if (!skipTotal)
      totalItems =
        conn.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}${where}`, rule.params)?.n ?? 0;
  } catch (err) {
    // PocketBase answers any failing search query with a 400 (e.g. `@rowid` on a view, which has none).
    if (isSqliteError(err)) throw new BadRequestError();
    throw err;
  }
  const totalPages = skipTotal ? -1 : Math.ceil(totalItems / perPage);
  return { page, perPage, totalItems, totalPages, items: rows.map((r) => recordFromRow(c, r)) };
}

function isSqliteError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

function parseIntParam(v: string | null | undefined, fallback: number): number {
  if (v === null || v === undefined || v === '') return fallback;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new BadRequestError();
  return Number(v.trim());
}

/** Go's strconv.ParseBool; anything else is a 400 (http-api.md §1.5 skipTotal). */
function parseGoBool(v: string | null | undefined): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new BadRequestError();
}

/**
 * `-created,title` → ` ORDER BY "created" DESC, "title" ASC`. Plain field names, `@rowid`, `@random`;
 * relation paths and modifiers come with the filter compiler. No sort → no ORDER BY (rowid order).
 */
function buildOrderBy(c: Collection, sort: string, isSuperuser: boolean): string {
  const items = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return '';
  if (items.length > MAX_SORT_ITEMS) throw new BadRequestError();
  const parts: string[] = [];
  for (const item of items) {
    if (item.length > 255) throw new BadRequestError();
    const desc = item.startsWith('-');
    const name = item.replace(/^[-+]/, '').trim();
    const dir = desc ? 'DESC' : 'ASC';
    if (name === '@random') parts.push('RANDOM()');
    else if (name === '@rowid') parts.push(`_rowid_ ${dir}`);
    else {
      const field = c.fields.find((f) => f.name === name);
      if (!field || (field.hidden && !isSuperuser)) throw new BadRequestError();
      parts.push(`${quoteIdent(name)} ${dir}`);
    }
  }
  return ` ORDER BY ${parts.join(', ')}`;
}
