// System tables on PostgreSQL (`serve --db=postgres://…`): PocketBase's data.db and auxiliary.db tables in one database, in PG types.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/** The random id PocketBase's SQLite default makes ('r' + 14 hex digits), in PostgreSQL terms. */
export const PG_RANDOM_ID = sql`('r' || substr(md5(random()::text || clock_timestamp()::text), 1, 14))`;

/**
 * A `json` column holding JSON *text*: the core already has the text (SQLite's way), and pg-core's
 * own `json()` would JSON.stringify it a second time. Bound untyped, PostgreSQL reads it as JSON.
 */
const jsonText = customType<{ data: string; driverData: string }>({ dataType: () => 'json' });

export const pgMigrations = pgTable('_migrations', {
  file: varchar('file', { length: 255 }).primaryKey().notNull(),
  applied: bigint('applied', { mode: 'number' }).notNull(),
});

export const pgCollections = pgTable(
  '_collections',
  {
    ...collectionColumns(),
    /** SQLite's rowid: PocketBase lists collections in insertion order (the system ones first). */
    rowid: bigint('_rowid_', { mode: 'number' }).generatedByDefaultAsIdentity(),
  },
  (t) => [
    // SQLite compares names case-insensitively where PocketBase asks (COLLATE NOCASE): one name per spelling.
    uniqueIndex('_collections_name_unique').on(sql`lower(${t.name})`),
    index('idx__collections_type').on(t.type),
  ],
);

/**
 * The columns of a `_collections` row; `_rowid_` is left out so that the row queries (src/db/system-tables.ts)
 * also run on databases made before it existed (the registry then orders by creation time).
 */
export function collectionColumns() {
  return {
    id: text('id').primaryKey(),
    system: boolean('system').default(false).notNull(),
    type: text('type').default('base').notNull(),
    name: text('name').notNull(),
    // JSON, not JSONB: the text is kept as written, so fields and options keep PocketBase's key order.
    fields: jsonText('fields').default(sql`'[]'::json`).notNull(),
    indexes: jsonText('indexes').default(sql`'[]'::json`).notNull(),
    listRule: text('listRule'),
    viewRule: text('viewRule'),
    createRule: text('createRule'),
    updateRule: text('updateRule'),
    deleteRule: text('deleteRule'),
    options: jsonText('options').default(sql`'{}'::json`).notNull(),
    created: text('created').default('').notNull(),
    updated: text('updated').default('').notNull(),
  };
}

export const pgParams = pgTable('_params', {
  id: text('id').primaryKey().default(PG_RANDOM_ID).notNull(),
  value: jsonText('value'),
  created: text('created').default('').notNull(),
  updated: text('updated').default('').notNull(),
});

export const pgLogs = pgTable(
  '_logs',
  {
    id: text('id').primaryKey().default(PG_RANDOM_ID).notNull(),
    level: bigint('level', { mode: 'number' }).default(0).notNull(),
    message: text('message').default('').notNull(),
    data: jsonb('data').default({}).notNull(),
    created: text('created').default('').notNull(),
  },
  (t) => [
    index('_logs_level_idx').on(t.level),
    index('_logs_message_idx').on(t.message),
    // The hour the stats chart groups by: the first 13 characters of PocketBase's date text.
    index('_logs_created_hour_idx').on(sql`substr(${t.created}, 1, 13)`),
  ],
);
