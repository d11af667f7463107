// drizzle-kit: generates the SQL migrations for the system tables on PostgreSQL (`--db=postgres://…`).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/postgres.ts',
  out: './drizzle/postgres',
});
