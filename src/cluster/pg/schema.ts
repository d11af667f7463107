// The `_satchel_*` tables several nodes share on one PostgreSQL database, created once by whichever node starts first.
import type { SQL } from 'bun';

/**
 * Serializes this file's DDL between nodes starting together: concurrent `CREATE … IF NOT EXISTS`
 * of one table can still fail on PostgreSQL's catalog unique indexes.
 */
const SETUP_LOCK = 'SELECT pg_advisory_xact_lock(2035574116, 1)';

/**
 * - `_satchel_outbox`: the realtime bus (`outbox-bus.ts`); `message` is JSON, not JSONB, so a
 *   record's keys keep their order; (node, local) makes a retried insert a no-op.
 * - `_satchel_relay`: requests for a realtime client held by another node (`relay.ts`).
 * - `_satchel_changes`: a version per shared cache, bumped by triggers (`changes.ts`).
 * - `_satchel_counters`, `_satchel_values`: throttle windows and hand-over values (`counters.ts`).
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS _satchel_outbox (
  seq BIGSERIAL PRIMARY KEY,
  node TEXT NOT NULL,
  local BIGINT NOT NULL,
  message JSON NOT NULL,
  created TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (node, local)
);
CREATE INDEX IF NOT EXISTS _satchel_outbox_created ON _satchel_outbox (created);
CREATE TABLE IF NOT EXISTS _satchel_relay (
  id BIGSERIAL PRIMARY KEY,
  asker TEXT NOT NULL,
  request JSON NOT NULL,
  answer JSON,
  created TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS _satchel_changes (
  what TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO _satchel_changes (what, version) VALUES ('collections', 0), ('settings', 0)
  ON CONFLICT (what) DO NOTHING;
CREATE TABLE IF NOT EXISTS _satchel_counters (
  key TEXT PRIMARY KEY,
  start BIGINT NOT NULL,
  count BIGINT NOT NULL,
  "window" BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS _satchel_values (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  until BIGINT NOT NULL
);
`;

/** Idempotent; every node runs it at start. */
export async function ensureClusterTables(sql: SQL): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(SETUP_LOCK);
    await tx.unsafe(TABLES);
  });
}

/** Runs `ddl` (several statements) under the setup lock, in one transaction. */
export async function runSetup(sql: SQL, ddl: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(SETUP_LOCK);
    await tx.unsafe(ddl);
  });
}
