// drizzle-kit: generates the SQL migrations for the static system tables of data.db.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/data.ts',
  out: './drizzle/data',
});
