// GET/DELETE /api/logs in core: list, one row, hourly stats and delete-all over auxiliary.db's `_logs`.
import type { Engine, Param, Row } from '../../db/conn.ts';
import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import {
  compileFilter,
  compileSort,
  type Dialect,
  FilterError,
  type FilterSchema,
} from '../filter/index.ts';
import { parseGoBool, parseIntParam } from '../records/list.ts';
import { filterDialect, hourOf } from '../records/sql-dialect.ts';

export interface LogModel {
  id: string;
  created: string;
  data: Record<string, unknown>;
  message: string;
  level: number;
}

const field = (name: string, type: string): Field => ({
  id: name,
  name,
  type,
  system: true,
  hidden: false,
  presentable: false,
});

/** `_logs` as the filter compiler sees it: id, created, level, message and `data.<path>` (JSON). */
const LOGS: Collection = {
  id: '_logs',
  name: '_logs',
  type: 'base',
  system: true,
  fields: [
    field('id', 'text'),
    field('created', 'date'),
    field('level', 'number'),
    field('message', 'text'),
    field('data', 'json'),
  ],
  indexes: [],
  listRule: null,
  viewRule: null,
  createRule: null,
  updateRule: null,
  deleteRule: null,
  created: '',
  updated: '',
};
const NO_COLLECTIONS: FilterSchema = { find: () => undefined };

function whereOf(
  filter: string | null | undefined,
  dialect: Dialect,
): { sql: string; params: Param[] } {
  if (!filter) return { sql: '', params: [] };
  try {
    const f = compileFilter(filter, LOGS, NO_COLLECTIONS, {}, { dialect });
    return { sql: ` WHERE ${f.sql}`, params: f.params as Param[] };
  } catch (err) {
    if (err instanceof FilterError) throw new BadRequestError();
    throw err;
  }
}

/** Object keys in byte order at every depth: the order Go writes a map's keys in. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * PocketBase's field order; `data` parsed. SQLite keeps the text as written (keys sorted, as Go
 * writes them); PostgreSQL's JSONB reorders keys (shortest first), so there they are sorted back.
 */
function fromRow(r: Row, engine: Engine): LogModel {
  const data = JSON.parse((r.data as string) || '{}');
  return {
    id: r.id as string,
    created: r.created as string,
    data: engine === 'postgres' ? (sortKeys(data) as Record<string, unknown>) : data,
    message: r.message as string,
    level: r.level as number,
  };
}

export interface LogListQuery {
  page?: string | null;
  perPage?: string | null;
  sort?: string | null;
  filter?: string | null;
  skipTotal?: string | null;
}

export function listLogs(core: Core, q: LogListQuery) {
  const page = Math.max(parseIntParam(q.page, 1), 1);
  let perPage = parseIntParam(q.perPage, 30);
  if (perPage <= 0) perPage = 30;
  if (perPage > 1000) perPage = 1000;
  const skipTotal = parseGoBool(q.skipTotal);
  const where = whereOf(q.filter, filterDialect(core.store.aux.engine));
  let order = '';
  let orderParams: Param[] = [];
  try {
    const s = compileSort(q.sort ?? '', LOGS, NO_COLLECTIONS, {
      dialect: filterDialect(core.store.aux.engine),
    });
    if (s.sql) {
      order = ` ORDER BY ${s.sql}`;
      orderParams = s.params as Param[];
    }
  } catch (err) {
    if (err instanceof FilterError) throw new BadRequestError();
    throw err;
  }
  const aux = core.store.aux;
  const rows = aux.all<Row>(`SELECT * FROM _logs${where.sql}${order} LIMIT ? OFFSET ?`, [
    ...where.params,
    ...orderParams,
    perPage,
    (page - 1) * perPage,
  ]);
  const totalItems = skipTotal
    ? -1
    : (aux.get<{ n: number }>(`SELECT COUNT(*) AS n FROM _logs${where.sql}`, where.params)?.n ?? 0);
  return {
    items: rows.map((r) => fromRow(r, aux.engine)),
    page,
    perPage,
    totalItems,
    totalPages: skipTotal ? -1 : Math.ceil(totalItems / perPage),
  };
}

export function findLog(core: Core, id: string): LogModel {
  const row = core.store.aux.get<Row>('SELECT * FROM _logs WHERE id = ?', [id]);
  if (!row) throw new NotFoundError();
  return fromRow(row, core.store.aux.engine);
}

/** Hourly totals: `[{date: "2024-05-01 13:00:00.000Z", total: 12}]`, oldest first. */
export function logStats(core: Core, filter?: string | null) {
  const where = whereOf(filter, filterDialect(core.store.aux.engine));
  const rows = core.store.aux.all<{ date: string; total: number }>(
    `SELECT ${hourOf(core.store.aux.engine, 'created')} AS date, COUNT(id) AS total FROM _logs${where.sql} GROUP BY date ORDER BY date`,
    where.params,
  );
  return rows.map((r) => ({ date: `${r.date}.000Z`, total: r.total }));
}

/** DELETE /api/logs (PocketBase 0.40): every row, pending ones included. */
export async function deleteLogs(core: Core): Promise<void> {
  await core.store.logs.drain();
  core.store.aux.run('DELETE FROM _logs');
}
