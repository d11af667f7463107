// Settings and collection changes between nodes: triggers + NOTIFY within ~100 ms, polling within a second without it.
import { expect, test } from 'bun:test';
import type { SQL } from 'bun';
import {
  installChangeTriggers,
  pgChangeWatch,
  readVersions,
} from '../../src/cluster/pg/changes.ts';
import type { SharedChange } from '../../src/core/cluster.ts';
import type { Core } from '../../src/core/core.ts';
import { waitFor } from '../support/wait.ts';
import { closeLater, describePg, freshDatabase, terminate } from './harness.ts';

/** Stand-ins for the core's tables: the triggers only need the names. */
const TABLES = `CREATE TABLE _collections (id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE _params (id TEXT PRIMARY KEY, value TEXT)`;

/** A watch on `sql`; `check()` reads the rows `syncRows` holds (the sync bridge's stand-in). */
async function watch(sql: SQL, pollMs?: number) {
  const seen: { what: SharedChange; at: number }[] = [];
  const syncRows: { what: string; version: number }[] = [];
  const core = { store: { reader: { all: () => syncRows } } } as unknown as Core;
  const baseline = await readVersions(sql);
  const w = pgChangeWatch(sql, { baseline, pollMs })(core, (what) =>
    seen.push({ what, at: Date.now() }),
  );
  closeLater({ close: async () => w.stop() });
  return { w, seen, syncRows };
}

const triggersInstalled = (sql: SQL) => async () => {
  const [r] = await sql.unsafe(
    "SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '_satchel_%_changed'",
  );
  return r.n === 2;
};

describePg('settings/collections change watch', () => {
  test('a commit on another connection is seen through NOTIFY (before any poll); a rollback is not seen', async () => {
    const db = await freshDatabase();
    const writer = db.client();
    await writer.unsafe(TABLES);
    const { seen } = await watch(db.client(), 5_000); // polling too slow to matter: NOTIFY's job
    await waitFor('the triggers', triggersInstalled(writer));
    // Give the watch its LISTEN: a NOTIFY sent before it would be missed (and polled later).
    await waitFor('the LISTEN', async () => {
      const [r] = await writer.unsafe(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND datname = current_database()",
      );
      return r.n >= 1;
    });
    let at = Date.now();
    await writer.unsafe("INSERT INTO _collections VALUES ('c1', 'posts')");
    // Seen within 2 s while the poll runs every 5 s: NOTIFY brought it (no wall-clock bound on a busy box).
    await waitFor('the collections change', () => seen.length === 1, { timeout: 2_000 });
    expect(seen[0]!.what).toBe('collections');
    expect(seen[0]!.at - at).toBeLessThan(2_000);
    await writer
      .begin(async (tx) => {
        await tx.unsafe("UPDATE _params SET value = 'x'");
        throw new Error('roll back');
      })
      .catch(() => {});
    at = Date.now();
    await writer.unsafe("INSERT INTO _params VALUES ('settings', '{}')");
    await waitFor('the settings change', () => seen.length === 2, { timeout: 2_000 });
    expect(seen[1]!.what).toBe('settings');
    expect(seen[1]!.at - at).toBeLessThan(2_000);
    expect(seen.map((s) => s.what)).toEqual(['collections', 'settings']);
  });

  test('without NOTIFY (LISTEN killed, notifications lost) polling sees it within a second', async () => {
    const db = await freshDatabase();
    const admin = db.client();
    await admin.unsafe(TABLES);
    const { seen } = await watch(db.client());
    await waitFor('the triggers', triggersInstalled(admin));
    // Commit while no LISTEN is up: the wake-up is lost for sure.
    await waitFor('the LISTEN to terminate', async () => (await terminate(admin, 'LISTEN')) >= 1);
    const at = Date.now();
    await admin.unsafe("UPDATE _collections SET name = 'x'");
    await waitFor('the change', () => seen.length === 1, { timeout: 1_500 });
    expect(seen[0]!.at - at).toBeLessThan(1_000);
  });

  test('a change between the baseline and the watch’s start is reported; check() reads the sync connection', async () => {
    const db = await freshDatabase();
    const sql = db.client();
    await sql.unsafe(TABLES);
    await installChangeTriggers(sql);
    const baseline = await readVersions(sql); // before the core loads its caches
    await sql.unsafe("INSERT INTO _params VALUES ('settings', '{}')"); // after: the caches miss it
    const seen: SharedChange[] = [];
    const syncRows = [
      { what: 'collections', version: baseline.collections },
      { what: 'settings', version: baseline.settings + 1 },
    ];
    const core = { store: { reader: { all: () => syncRows } } } as unknown as Core;
    const w = pgChangeWatch(sql, { baseline, pollMs: 60_000 })(core, (what) => seen.push(what));
    closeLater({ close: async () => w.stop() });
    await waitFor('the start to report settings', () => seen.length === 1);
    expect(seen).toEqual(['settings']);
    // check() asks the sync connection now: nothing new, then a newer collections version.
    expect(w.check()).toBe(false);
    syncRows[0]!.version++;
    expect(w.check()).toBe(true);
    expect(seen).toEqual(['settings', 'collections']);
    // An older version read later (a slow async read) reports nothing.
    syncRows[0]!.version--;
    expect(w.check()).toBe(false);
    expect(seen).toEqual(['settings', 'collections']);
  });
});
