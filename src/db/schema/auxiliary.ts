// System tables of auxiliary.db (logs), as PocketBase creates them (collections-and-fields.md §7.2).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from './column-types.ts';

export const auxMigrations = sqliteTable('_migrations', {
  file: text('file', { length: 255 }).primaryKey().notNull(),
  applied: integer('applied').notNull(),
});

export const logs = sqliteTable(
  '_logs',
  {
    id: text('id').primaryKey().default(sql`('r'||lower(hex(randomblob(7))))`).notNull(),
    level: integer('level').default(0).notNull(),
    message: text('message').default('').notNull(),
    data: jsonText('data').default('{}').notNull(),
    created: text('created').default('').notNull(),
  },
  (t) => [
    index('_logs_level_idx').on(t.level),
    index('_logs_message_idx').on(t.message),
    index('_logs_created_hour_idx').on(sql`strftime('%Y-%m-%d %H:00:00', ${t.created})`),
  ],
);
