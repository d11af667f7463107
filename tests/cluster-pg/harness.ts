// What the cluster-over-PostgreSQL tests share: skip (or fail under CI) without PostgreSQL, a fresh database per test.
import { afterEach, describe } from 'bun:test';
import { SQL } from 'bun';
import { ensureClusterTables } from '../../src/cluster/pg/schema.ts';
import { postgresMissing, testPostgres } from '../support/postgres.ts';

const missing = postgresMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true: ${missing}`);

/** `describe`, skipped with the reason when PostgreSQL isn't installed here. */
export const describePg = (name: string, fn: () => void) =>
  missing ? describe.skip(`${name} (skipped: ${missing})`, fn) : describe(name, fn);

const opened: { url: string; clients: SQL[] }[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

/** Runs after the test, before its database's clients close (buses, relays, leaders). */
export function closeLater<T extends { close(): Promise<unknown> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

/** A fresh database with the `_satchel_*` tables, and clients on it closed after the test. */
export async function freshDatabase(): Promise<{ url: string; client(): SQL }> {
  const server = await testPostgres();
  const url = await server.createDatabase('satchel_cluster');
  const entry = { url, clients: [] as SQL[] };
  opened.push(entry);
  const client = () => {
    const sql = new SQL(url, { max: 4 });
    entry.clients.push(sql);
    return sql;
  };
  await ensureClusterTables(client());
  return { url, client };
}

/** Terminates every backend of this database whose last statement starts with `prefix` (e.g. LISTEN). */
export async function terminate(admin: SQL, prefix: string): Promise<number> {
  const rows = await admin.unsafe(
    `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE $1`,
    [`${prefix}%`],
  );
  return rows.length;
}

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close().catch(() => {})));
  const server = missing ? null : await testPostgres();
  for (const entry of opened.splice(0)) {
    await Promise.all(entry.clients.map((c) => c.close({ timeout: 1 }).catch(() => {})));
    await server?.dropDatabase(entry.url);
  }
});
