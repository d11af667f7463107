// The system tables' PostgreSQL side (see system-tables.ts), in a module of its own so that
// Drizzle's pg-core loads only when a connection is PostgreSQL.
import { pgTable } from 'drizzle-orm/pg-core';
import { drizzle as pgBuilder } from 'drizzle-orm/pg-proxy';
import { collectionColumns, pgMigrations, pgParams } from './schema/postgres.ts';
import { neverRun } from './system-tables-never.ts';

export const pgSide = {
  db: pgBuilder(neverRun),
  // Without `_rowid_`: it is filled by its identity default, and older databases have no such column.
  collections: pgTable('_collections', collectionColumns()),
  params: pgParams,
  migrations: pgMigrations,
};
