// `$app` for pb_hooks: PocketBase's method names over src/extend/services.ts, records as Record views.
//
// Every method may return a promise: the load-time rewrite (rewrite.ts) awaits each call, so
// `const r = $app.findRecordById(…)` gives the record, as in PocketBase.

import type { Collection as StoredCollection } from '../../core/collections/model.ts';
import {
  createCollection,
  deleteCollection,
  updateCollection,
} from '../../core/collections/save.ts';
import type { Core } from '../../core/core.ts';
import { readConn } from '../../core/core.ts';
import { Collection, collectionModel } from '../../core/migrations/js-api.ts';
import { recordFromRow } from '../../core/records/codec.ts';
import type { RecordData } from '../../core/records/record.ts';
import { engineOf, noLimit } from '../../core/records/sql-dialect.ts';
import type { Param, Row } from '../../db/conn.ts';
import * as services from '../services.ts';
import { bindParams, dbx, type Expression, selectQuery } from './dbx.ts';
import { goFind, NoRowsError, unsupported } from './errors.ts';
import { fillModel, fillObject } from './models.ts';
import type { PbRecord, PbRecordClass } from './record.ts';

type Json = { [key: string]: unknown };

/** slog's `info("msg", "key", value, …)` → `{key: value}`. */
function attrs(args: unknown[]): Json {
  const out: Json = {};
  for (let i = 0; i + 1 < args.length; i += 2) out[String(args[i])] = args[i + 1];
  return out;
}

function query(core: Core, sql: string) {
  let params: Json = {};
  const q = {
    bind(p: Json) {
      params = { ...params, ...p };
      return q;
    },
    async execute() {
      const { sql: text, args } = bindParams(sql, params);
      const res = await core.store.writes.run((tx) => tx.run(text, args));
      return { rowsAffected: () => res.changes };
    },
    async all(target: unknown) {
      const { sql: text, args } = bindParams(sql, params);
      const rows = readConn(core).all<Row>(text, args);
      if (Array.isArray(target)) fillModel(target, rows);
      return rows;
    },
    async one(target: unknown) {
      const { sql: text, args } = bindParams(sql, params);
      const row = readConn(core).get<Row>(text, args);
      if (!row) throw new NoRowsError();
      if (target && typeof target === 'object') fillObject(target as Json, row);
      return row;
    },
  };
  return q;
}

/** What `all()`/`one()` of `db().select(…)` fill: arrayOf(model) and DynamicModel targets. */
function fillRows(rows: Row[], target: unknown, one: boolean): unknown {
  if (one) {
    const row = rows[0];
    if (!row) throw new NoRowsError();
    if (target && typeof target === 'object') fillObject(target as Json, row);
    return row;
  }
  if (Array.isArray(target)) fillModel(target, rows);
  return rows;
}

export function createPbApp(core: Core, Record: PbRecordClass): PbAppShape {
  const reader = { all: async (sql: string, args: Param[]) => readConn(core).all<Row>(sql, args) };
  const view = (c: StoredCollection | string, data: RecordData): PbRecord => {
    const stored = typeof c === 'string' ? services.findCollectionByNameOrId(core, c) : c;
    return Record.over(stored, data, { ...data });
  };
  const ref = (c: unknown): StoredCollection | string =>
    c instanceof Collection ? String(c.id || c.name) : String(c);
  const storedOf = (c: unknown) => services.findCollectionByNameOrId(core, String(ref(c)));

  const app = {
    async findRecordById(c: unknown, id: string) {
      const stored = storedOf(c);
      return view(stored, await goFind(() => services.findRecordById(core, stored, String(id))));
    },
    async findRecordsByFilter(
      c: unknown,
      filter = '',
      sort = '',
      limit = 0,
      offset = 0,
      params: Json = {},
    ) {
      const stored = storedOf(c);
      const rows = await services.findRecordsByFilter(
        core,
        stored,
        filter,
        sort,
        limit,
        offset,
        params,
      );
      return rows.map((r) => view(stored, r));
    },
    async findFirstRecordByFilter(c: unknown, filter: string, params: Json = {}) {
      const stored = storedOf(c);
      return view(
        stored,
        await goFind(() => services.findFirstRecordByFilter(core, stored, filter, params)),
      );
    },
    async findFirstRecordByData(c: unknown, field: string, value: unknown) {
      const stored = storedOf(c);
      return view(
        stored,
        await goFind(() => services.findFirstRecordByData(core, stored, field, value)),
      );
    },
    async findAuthRecordByEmail(c: unknown, email: string) {
      const stored = storedOf(c);
      return view(stored, await goFind(() => services.findAuthRecordByEmail(core, stored, email)));
    },
    /** `$app.countRecords("posts", $dbx.exp(…), …)`: the rows matching every expression. */
    async countRecords(c: unknown, ...exprs: Expression[]) {
      const stored = storedOf(c);
      const w = dbx.and(...exprs).build();
      const t = `"${stored.name.replaceAll('"', '""')}"`;
      const sql = `SELECT COUNT(*) AS n FROM ${t}${w.sql ? ` WHERE ${w.sql}` : ''}`;
      return readConn(core).get<{ n: number }>(sql, w.args)?.n ?? 0;
    },
    /** `$app.findAllRecords("posts", $dbx.hashExp(…), …)`. */
    async findAllRecords(c: unknown, ...exprs: Expression[]) {
      return app
        .recordQuery(c)
        .where(dbx.and(...exprs))
        .all(null) as Promise<PbRecord[]>;
    },
    async findRecordsByIds(c: unknown, ids: string[]) {
      return app.findAllRecords(c, dbx.in('id', ...(ids ?? [])));
    },
    findAllCollections(...types: string[]) {
      return core.collections
        .all()
        .filter((c) => types.length === 0 || types.includes(c.type))
        .map(collectionModel);
    },
    async findCollectionByNameOrId(idOrName: string) {
      return goFind(async () =>
        collectionModel(services.findCollectionByNameOrId(core, String(idOrName))),
      );
    },
    async save(model: unknown) {
      if (model instanceof Record) {
        const saved = await services.save(core, model.stored, model.data);
        Object.assign(model.data, saved);
        model.originalData = { ...saved };
        return;
      }
      if (model instanceof Collection) {
        const json = model.toJSON();
        const exists = model.id && core.collections.find(String(model.id));
        const saved = exists
          ? await updateCollection(core, String(model.id), json)
          : await createCollection(core, json);
        Object.assign(model, collectionModel(saved));
        return;
      }
      throw new Error('$app.save: expects a Record or a Collection');
    },
    async delete(model: unknown) {
      if (model instanceof Record) return services.deleteRecord(core, model.stored, model.data);
      if (model instanceof Collection)
        return deleteCollection(core, String(model.id || model.name));
      throw new Error('$app.delete: expects a Record or a Collection');
    },
    /** `fn(txApp)`: the same `$app` (saves inside join the transaction through its context). */
    runInTransaction(fn: (tx: unknown) => unknown): Promise<unknown> {
      return services.runInTransaction(core, () => fn(app));
    },
    logger() {
      const log = services.logger(core);
      return {
        debug: (m: string, ...a: unknown[]) => log.debug(String(m), attrs(a)),
        info: (m: string, ...a: unknown[]) => log.info(String(m), attrs(a)),
        warn: (m: string, ...a: unknown[]) => log.warn(String(m), attrs(a)),
        error: (m: string, ...a: unknown[]) => log.error(String(m), attrs(a)),
      };
    },
    settings() {
      return services.settings(core);
    },
    db() {
      return {
        newQuery: (sql: string) => query(core, String(sql)),
        select: (...cols: string[]) =>
          selectQuery(cols.map(String), reader, fillRows, noLimit(engineOf(core))),
      };
    },
    /** `$app.recordQuery("posts").where(…).all(records)`: Records, every column. */
    recordQuery(c: unknown) {
      const stored = storedOf(c);
      const fill = (rows: Row[], target: unknown, one: boolean) => {
        const records = rows.map((r) => view(stored, recordFromRow(stored, r)));
        if (one) {
          const r = records[0];
          if (!r) throw new NoRowsError();
          if (target instanceof Record) {
            target.data = r.data;
            target.stored = stored;
            target.originalData = r.originalData;
          }
          return r;
        }
        if (Array.isArray(target)) target.splice(0, target.length, ...records);
        return records;
      };
      return selectQuery([`${stored.name}.*`], reader, fill, noLimit(engineOf(core))).from(
        stored.name,
      );
    },
    isDev() {
      return core.dev;
    },
    dataDir() {
      return core.dataDir;
    },
    newMailClient: unsupported('$app.newMailClient'),
    newFilesystem: unsupported('$app.newFilesystem'),
    newBackup: unsupported('$app.newBackup'),
    expandRecord: unsupported('$app.expandRecord'),
    saveNoValidate: unsupported('$app.saveNoValidate'),
  };
  return app;
}

// biome-ignore lint/suspicious/noExplicitAny: hook files call `$app` untyped; the methods are above.
type PbAppShape = { [name: string]: any };
export type PbApp = PbAppShape;
