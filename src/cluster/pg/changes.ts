// Settings and collection changes between nodes: triggers bump a version per cache and NOTIFY; nodes listen and poll.
import type { SQL } from 'bun';
import type { SharedChange, WatchSharedChanges } from '../../core/cluster.ts';
import { complainer } from './complain.ts';
import { runSetup } from './schema.ts';

export const CHANGES_CHANNEL = 'satchel_changes';

/** The tables behind each cache. */
const WATCHED: Record<SharedChange, string> = { collections: '_collections', settings: '_params' };

/**
 * Statement triggers, so every writer signals — the core's saves, migrations, imports, the SQL
 * console — without any of them knowing about nodes. The version bump and the NOTIFY belong to
 * the writer's transaction: a rollback signals nothing, a commit both. Installed only on the
 * tables that exist (a first start creates them during migrations: `install` runs again later).
 */
const TRIGGERS = `
CREATE OR REPLACE FUNCTION _satchel_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE _satchel_changes SET version = version + 1 WHERE what = TG_ARGV[0];
  PERFORM pg_notify('${CHANGES_CHANNEL}', TG_ARGV[0]);
  RETURN NULL;
END $fn$;
DO $do$ BEGIN
${Object.entries(WATCHED)
  .map(
    ([what, table]) => `  IF to_regclass('${table}') IS NOT NULL THEN
    CREATE OR REPLACE TRIGGER _satchel_${what}_changed
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION _satchel_changed('${what}');
  END IF;`,
  )
  .join('\n')}
END $do$;
`;

export type Versions = Record<SharedChange, number>;

const VERSIONS = 'SELECT what, version FROM _satchel_changes';

function toVersions(rows: { what: string; version: unknown }[]): Versions {
  const v: Versions = { collections: 0, settings: 0 };
  for (const r of rows) if (r.what in v) v[r.what as SharedChange] = Number(r.version);
  return v;
}

/** Installs (or refreshes) the triggers on whichever watched tables exist. */
export async function installChangeTriggers(sql: SQL): Promise<void> {
  await runSetup(sql, TRIGGERS);
}

export async function readVersions(sql: SQL): Promise<Versions> {
  return toVersions(await sql.unsafe(VERSIONS));
}

export interface PgChangeWatchOptions {
  /** Versions read before the core loaded its caches: anything newer is reported at once. */
  baseline: Versions;
  /** Without NOTIFY (a dropped LISTEN connection) a change is seen within this. */
  pollMs?: number;
}

/**
 * `WatchSharedChanges` over PostgreSQL. NOTIFY wakes a read at once; the poll covers a lost
 * LISTEN. `check()` (synchronous: a cache miss asks before answering 404) reads through the core's
 * own connection, the sync bridge on PostgreSQL.
 */
export function pgChangeWatch(sql: SQL, options: PgChangeWatchOptions): WatchSharedChanges {
  return (core, onChange) => {
    const known: Versions = { ...options.baseline };
    let stopped = false;
    const complain = complainer('settings/collections watch');
    /** Reports what moved past `known`; an older read arriving late changes nothing. */
    const apply = (seen: Versions): boolean => {
      let changed = false;
      for (const what of ['collections', 'settings'] as const) {
        if (seen[what] <= known[what]) continue;
        known[what] = seen[what];
        changed = true;
        onChange(what);
      }
      return changed;
    };
    // One read at a time; a wake-up during one (its commit may be newer) makes it read again.
    let reading = false;
    let again = false;
    const read = async (): Promise<void> => {
      if (stopped) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        apply(await readVersions(sql));
      } catch (err) {
        complain(err);
      } finally {
        reading = false;
      }
      if (again) {
        again = false;
        await read();
      }
    };
    let listening: { unlisten(): Promise<void> } | null = null;
    void (async () => {
      try {
        await installChangeTriggers(sql);
        const l = await sql.listen(
          CHANGES_CHANNEL,
          () => void read(),
          () => void read(),
        );
        if (stopped) await l.unlisten();
        else listening = l;
      } catch (err) {
        complain(err); // the poll still sees what the triggers record
      }
      await read();
    })();
    const timer = setInterval(() => void read(), options.pollMs ?? 250);
    timer.unref?.();
    return {
      stop() {
        stopped = true;
        clearInterval(timer);
        void listening?.unlisten().catch(() => {});
      },
      check: () =>
        apply(toVersions(core.store.reader.all<{ what: string; version: unknown }>(VERSIONS))),
    };
  };
}
