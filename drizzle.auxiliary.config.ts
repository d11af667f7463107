// drizzle-kit: generates the SQL migrations for auxiliary.db (logs).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/auxiliary.ts',
  out: './drizzle/auxiliary',
});
