// A worker's core joins its siblings: shared-state watch, metrics gathering, writes that yield, no restores.

import type { Leadership, WatchSharedChanges } from '../core/cluster.ts';
import type { Core } from '../core/core.ts';
import type { WindowCounters } from '../core/counters.ts';
import type { ExpiringValues } from '../core/expiring-values.ts';
import type { MetricsPeers } from '../core/metrics/registry.ts';
import type { RealtimeBus } from '../core/realtime/bus.ts';
import type { RealtimeRelay } from '../core/realtime/relay.ts';
import { SqliteOutboxBus } from './sqlite-outbox.ts';

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
  /** Siblings share the address (`reusePort`): true for `--workers`, false for separate nodes. */
  sharePort?: boolean;
}

/** Wires a freshly opened core into the group; returns the function that stops watching. */
export function joinWorkers(core: Core, worker: WorkerOptions): () => void {
  core.store.writes.shareWithWorkers();
  core.metrics.peers = worker.metrics;
  // TODO: a restore with workers needs every worker closed and reopened around the swap.
  core.backups.restoreRefusal =
    'Restoring a backup needs the server running with --workers=1 (or the restore command).';
  // The realtime outbox lives in this core's data.db: joined (at its end) with every open.
  const detach = worker.bus instanceof SqliteOutboxBus ? worker.bus.attach(core) : () => {};
  const unfollow = followSiblings(core, worker);
  return () => {
    unfollow();
    detach();
  };
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
