// What every core function receives: the data dir's store, caches and hook points. Built by app.ts.

import type { Conn } from '../db/conn.ts';
import type { Store } from '../db/connect.ts';
import type { Hooks } from '../hooks/events.ts';
import type { BackupState } from './backups/state.ts';
import type { CollectionRegistry } from './collections/registry.ts';
import type { WindowCounters } from './counters.ts';
import type { CronScheduler } from './cron/scheduler.ts';
import type { ExpiringValues } from './expiring-values.ts';
import type { Logger } from './logs/logger.ts';
import type { MetricsRegistry } from './metrics/registry.ts';
import type { SettingsStore } from './settings/store.ts';

export interface Core {
  readonly dataDir: string;
  readonly dev: boolean;
  readonly store: Store;
  readonly collections: CollectionRegistry;
  readonly settings: SettingsStore;
  readonly hooks: Hooks;
  /** Scheduled jobs; they only tick once the app serves (`createApp().listen`). */
  readonly cron: CronScheduler;
  /** The backup or restore in progress, and how the serving app restarts after a restore. */
  readonly backups: BackupState;
  /** The app logger (`$app.logger()`): debug/info/warn/error rows in `_logs`; request logs too. */
  readonly logger: Logger;
  /** Request counters and scrape-time sources (`GET /api/metrics`). */
  readonly metrics: MetricsRegistry;
  /** Throttle and rate-limit windows (shared by every worker with `--workers`). */
  readonly counters: WindowCounters;
  /** Values one request leaves for a later one (Apple's name by code); shared like `counters`. */
  readonly values: ExpiringValues;
}

/** The connection to read from: the open write transaction's (to see its own writes) or the reader. */
export function readConn(core: Core): Conn {
  return core.store.writes.inTransaction ?? core.store.reader;
}

/**
 * Runs after-success work once the write is durable: inside an outer transaction (a batch, a
 * cascade) it waits for that commit and is dropped if it rolls back, when `onRollback` runs
 * instead (PocketBase fires the after-error hooks then); outside any transaction, right away.
 */
export async function afterSuccess(
  core: Core,
  fn: () => Promise<unknown>,
  onRollback?: (error: unknown) => Promise<unknown>,
): Promise<void> {
  const writes = core.store.writes;
  if (!writes.inTransaction) return void (await fn());
  writes.afterCommit(fn);
  if (onRollback) writes.onRollback(onRollback);
}
