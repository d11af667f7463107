// Shared-state changes between workers on one SQLite file: the data_version poll of db/change-watch.ts.
import type { WatchSharedChanges } from '../core/cluster.ts';
import { watchSharedTables } from '../db/change-watch.ts';

/** Polls every 25 ms: a change made by one worker is in every other's caches well within 100 ms. */
export const watchSqliteChanges: WatchSharedChanges = (core, onChange) =>
  watchSharedTables(core.store.reader, onChange, 25);
