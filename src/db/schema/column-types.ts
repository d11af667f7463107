// SQLite column types PocketBase declares that Drizzle has no builder for (JSON, BOOLEAN).
import { customType } from 'drizzle-orm/sqlite-core';

/** A `JSON` column holding JSON text; values stay strings, callers parse where they need to. */
export const jsonText = customType<{ data: string; driverData: string }>({
  dataType: () => 'JSON',
});

/** A `BOOLEAN` column stored as 0/1, as PocketBase writes it. */
export const boolean = customType<{ data: boolean; driverData: number }>({
  dataType: () => 'BOOLEAN',
  toDriver: (v) => (v ? 1 : 0),
  fromDriver: (v) => Boolean(v),
});
