// System tables of data.db, column for column as PocketBase creates them (collections-and-fields.md §7.1).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { boolean, jsonText } from './column-types.ts';

/** Applied migrations, shared with PocketBase: its own rows and ours live side by side. */
export const migrations = sqliteTable('_migrations', {
  file: text('file', { length: 255 }).primaryKey().notNull(),
  applied: integer('applied').notNull(),
});

export const collections = sqliteTable(
  '_collections',
  {
    id: text('id').primaryKey(),
    system: boolean('system').default(false).notNull(),
    type: text('type').default('base').notNull(),
    name: text('name').unique().notNull(),
    fields: jsonText('fields').default('[]').notNull(),
    indexes: jsonText('indexes').default('[]').notNull(),
    listRule: text('listRule'),
    viewRule: text('viewRule'),
    createRule: text('createRule'),
    updateRule: text('updateRule'),
    deleteRule: text('deleteRule'),
    options: jsonText('options').default('{}').notNull(),
    created: text('created').default('').notNull(),
    updated: text('updated').default('').notNull(),
  },
  (t) => [index('idx__collections_type').on(t.type)],
);

/** App parameters; row `settings` holds the settings JSON. `value` is written as a BLOB like PocketBase. */
export const params = sqliteTable('_params', {
  id: text('id').primaryKey().default(sql`('r'||lower(hex(randomblob(7))))`).notNull(),
  value: jsonText('value'),
  created: text('created').default('').notNull(),
  updated: text('updated').default('').notNull(),
});
