// A worker's core joins its siblings: shared-state watch, metrics gathering, writes that yield, restores held around.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_DIR } from '../core/backups/archive.ts';
import type { Leadership, WatchSharedChanges } from '../core/cluster.ts';
import type { Core } from '../core/core.ts';
import type { WindowCounters } from '../core/counters.ts';
import type { ExpiringValues } from '../core/expiring-values.ts';
import type { MetricsPeers } from '../core/metrics/registry.ts';
import type { RealtimeBus } from '../core/realtime/bus.ts';
import type { RealtimeRelay } from '../core/realtime/relay.ts';
import { type TurnSignals, WriteTurns } from '../db/write-turns.ts';
import { SqliteOutboxBus } from './sqlite-outbox.ts';
import type { RestoreHolds } from './worker-link.ts';

/** The group's one-backup-at-a-time pid file, under `<dataDir>/.satchel_temp`. */
export const BACKUP_LOCK_FILE = 'backup.lock';
/** Who holds and who waits for data.db's write lock, a page every worker maps (src/db/write-turns.ts). */
export const WRITE_TURNS_FILE = 'write-turns';

/** What a worker shares with its siblings (`createApp({ worker })`; built by cli/serve-workers.ts). */
export interface WorkerOptions {
  /** Sent back as `x-satchel-worker` on every response (which worker answered). */
  id: number;
  /** Cron (purges, auto-backups) runs in the leader only. */
  leadership: Leadership;
  /** Record and collection changes to and from the sibling workers. */
  bus: RealtimeBus;
  /** Subscription POSTs and OAuth2 redirects for a client another worker holds. */
  relay: RealtimeRelay;
  /** Settings and collection changes other workers commit. */
  watchChanges: WatchSharedChanges;
  /** Throttle and rate-limit windows every worker counts in. */
  counters: WindowCounters;
  /** Values a request leaves for a later one that may reach another worker. */
  values: ExpiringValues;
  /** The other workers' metrics, so `/api/metrics` reports the whole server. */
  metrics: MetricsPeers;
  /**
   * How the core joins its siblings; `joinWorkers` (SQLite workers of one supervisor) by default.
   * PostgreSQL nodes join through `joinNodes` (src/cluster/pg/node.ts).
   */
  join?: (core: Core, worker: WorkerOptions) => () => void;
  /** Closing around a sibling's restore; without it (PostgreSQL nodes) restores are refused. */
  restores?: RestoreHolds;
  /**
   * A replacement worker (`serve --workers`): files added to the migrations dir since the group
   * started are not run by it mid-run (they may be half-edited); they run at the next start.
   */
  skipMigrations?: boolean;
  /** Nudges when data.db's write lock is let go, so a waiting worker needn't poll for it. */
  turnSignals?: TurnSignals;
  /** Siblings share the address (`reusePort`): true for `--workers`, false for separate nodes. */
  sharePort?: boolean;
}

/** Wires a freshly opened core into the group; returns the function that stops watching. */
export function joinWorkers(core: Core, worker: WorkerOptions): () => void {
  mkdirSync(join(core.dataDir, TEMP_DIR), { recursive: true });
  core.store.writes.shareWithWorkers(
    WriteTurns.open(
      join(core.dataDir, TEMP_DIR, WRITE_TURNS_FILE),
      worker.id,
      worker.turnSignals ?? null,
    ),
  );
  core.metrics.peers = worker.metrics;
  const restores = worker.restores;
  // One backup or restore at a time in the group (a pid file in the never-archived temp dir).
  core.backups.groupLock = join(core.dataDir, TEMP_DIR, BACKUP_LOCK_FILE);
  if (restores) {
    core.backups.siblings = restores;
    restores.onHold = (held, released) => holdForSibling(core, held, released);
  } else {
    core.backups.restoreRefusal =
      'Restoring a backup needs the server running with --workers=1 (or the restore command).';
  }
  // The realtime outbox lives in this core's data.db: joined (at its end) with every open.
  const detach = worker.bus instanceof SqliteOutboxBus ? worker.bus.attach(core) : () => {};
  const unfollow = followSiblings(core, worker);
  return () => {
    unfollow();
    detach();
  };
}

/**
 * A sibling restores a backup: this worker closes its databases as for its own restore (requests
 * get 503 meanwhile), says it is `held`, and reopens the dir once the sibling `released` it.
 */
function holdForSibling(core: Core, held: () => void, released: Promise<void>): void {
  const restart = core.backups.restarter;
  if (!restart) {
    held();
    return;
  }
  core.backups.running = {
    kind: 'restore',
    key: '',
    phase: 'swap',
    done: 0,
    total: 0,
    startedAt: Date.now(),
  };
  const nothingToUndo = { commit: async () => {}, rollback: async () => {} };
  restart(async () => {
    held();
    await released;
    return nothingToUndo;
  })
    .catch((err) => {
      // Closed for good, it would still get its share of the port's connections: exit, and the
      // supervisor starts a replacement on the restored dir.
      console.error("could not reopen the data dir after a sibling's restore; exiting:", err);
      process.kill(process.pid, 'SIGTERM');
    })
    .finally(() => {
      core.backups.running = null;
    });
}

/**
 * Reloads the caches a sibling's commit made stale (onSettingsReload fires there too), and lets a
 * lookup miss look at once; returns the function that stops watching.
 */
export function followSiblings(core: Core, worker: WorkerOptions): () => void {
  const watch = worker.watchChanges(core, (what) => {
    if (what === 'collections') core.collections.reload(core.store.reader);
    else core.settings.load(core.store.reader);
  });
  core.collections.refreshOnMiss = () => {
    try {
      return watch.check();
    } catch {
      return false; // busy: the timer's next look will see it
    }
  };
  return () => watch.stop();
}
