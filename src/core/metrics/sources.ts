// The scrape-time metric sources of a data dir: database files, write queue, storage size, backups,
// realtime. Each reads what is already known; only the storage walk and the backup listing cost I/O,
// so they are cached.
import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { localStorageRoot } from '../../storage/local.ts';
import type { Core } from '../core.ts';
import type { Broker } from '../realtime/broker.ts';
import type { Family } from './registry.ts';

/** How long a storage walk or backup listing stays fresh: scrapes come every 15–60 s. */
export const SLOW_SOURCE_TTL_MS = 60_000;

const DB_FILES = ['data.db', 'data.db-wal', 'auxiliary.db', 'auxiliary.db-wal'];

const gauge = (name: string, help: string, value: number): Family => ({
  name,
  help,
  type: 'gauge',
  samples: [{ value }],
});

/** The latest value of `load`, recomputed at most once per TTL (concurrent scrapes share one run). */
export function cached<T>(load: () => Promise<T>, ttlMs = SLOW_SOURCE_TTL_MS): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | null = null;
  return () => {
    const now = performance.now();
    if (!value || now - value.at > ttlMs) {
      const promise = load();
      value = { at: now, promise };
      // A failed load is retried at the next scrape, not cached for a whole TTL.
      promise.catch(() => {
        if (value?.promise === promise) value = null;
      });
    }
    return value.promise;
  };
}

/** Total bytes of the files under `dir` (0 when it doesn't exist). */
async function dirSize(dir: string): Promise<number> {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}

function databaseFamilies(core: Core): Family[] {
  const samples = DB_FILES.map((file) => {
    let size = 0;
    try {
      size = statSync(join(core.dataDir, file)).size;
    } catch {
      // a WAL that doesn't exist (checkpointed and removed) is 0 bytes
    }
    return { labels: { file }, value: size };
  });
  return [
    {
      name: 'satchel_database_file_bytes',
      help: 'Size of the database files in the data dir (data.db, auxiliary.db and their WALs).',
      type: 'gauge',
      samples,
    },
  ];
}

function writeQueueFamilies(core: Core): Family[] {
  const { depth, started, waitedMs, commits } = core.store.writes.stats;
  return [
    gauge('satchel_write_queue_depth', 'Write transactions queued or running.', depth),
    {
      name: 'satchel_write_queue_commits_total',
      help: 'COMMITs of write transactions; concurrent record writes may share one.',
      type: 'counter',
      samples: [{ value: commits }],
    },
    {
      name: 'satchel_write_queue_wait_seconds',
      help: 'Time write transactions waited for the single writer before starting.',
      type: 'summary',
      samples: [
        { suffix: '_sum', value: waitedMs / 1000 },
        { suffix: '_count', value: started },
      ],
    },
  ];
}

/** Local storage: the walk runs at most once per TTL. S3 storage is not walked (a bucket may be huge). */
function storageSource(core: Core): () => Promise<Family[]> {
  const localSize = cached(() => dirSize(localStorageRoot(core.dataDir)));
  return async () => {
    if (core.settings.get().s3.enabled) return [];
    return [
      gauge(
        'satchel_storage_bytes',
        `Size of the local file storage (refreshed at most every ${SLOW_SOURCE_TTL_MS / 1000} s).`,
        await localSize(),
      ),
    ];
  };
}

function backupSource(core: Core): () => Promise<Family[]> {
  // An unreachable S3 bucket counts as no backup for a TTL, rather than slowing every scrape.
  const newest = cached(async () => {
    try {
      // The archive code loads with the first scrape, not at every start.
      const { backupsFs } = await import('../backups/backups.ts');
      const files = await backupsFs(core).list();
      return files.reduce((max, f) => Math.max(max, f.modified.getTime()), 0);
    } catch (err) {
      console.error('metrics: listing the backups failed:', err);
      return 0;
    }
  });
  return async () => {
    const last = core.backups.last;
    // A backup stored by this process counts at once; older ones are seen through the listing.
    const stored = Math.max(await newest(), last?.ok ? last.at.getTime() : 0);
    const out = [
      gauge(
        'satchel_backup_last_success_timestamp_seconds',
        'When the newest stored backup was written (Unix seconds; 0 when there is none).',
        stored / 1000,
      ),
      gauge(
        'satchel_backup_running',
        'Whether a backup or restore is in progress.',
        core.backups.running ? 1 : 0,
      ),
    ];
    if (last) {
      out.push(
        gauge(
          'satchel_backup_last_run_timestamp_seconds',
          'When the last backup attempted since start ended (Unix seconds).',
          last.at.getTime() / 1000,
        ),
        gauge(
          'satchel_backup_last_run_success',
          'Whether the last backup attempted since start was stored (1) or failed (0).',
          last.ok ? 1 : 0,
        ),
      );
    }
    return out;
  };
}

const startedAt = Date.now() / 1000;

function processFamilies(): Family[] {
  return [
    gauge(
      'process_resident_memory_bytes',
      'Resident memory size in bytes.',
      process.memoryUsage.rss(),
    ),
    gauge('process_start_time_seconds', 'Start time of the process (Unix seconds).', startedAt),
  ];
}

/** The sources every opened data dir has (realtime adds its own when it starts). */
export function addCoreSources(core: Core): void {
  const { metrics } = core;
  const storage = storageSource(core);
  const backups = backupSource(core);
  metrics.addSource(processFamilies);
  metrics.addSource(() => databaseFamilies(core));
  metrics.addSource(() => writeQueueFamilies(core));
  metrics.addSource(storage);
  metrics.addSource(backups);
}

/** Connected clients by transport and their subscriptions. */
export function realtimeFamilies(broker: Broker): Family[] {
  const { sse, ws, subscriptions } = broker.stats();
  return [
    {
      name: 'satchel_realtime_connections',
      help: 'Connected realtime clients, by transport.',
      type: 'gauge',
      samples: [
        { labels: { transport: 'sse' }, value: sse },
        { labels: { transport: 'ws' }, value: ws },
      ],
    },
    gauge(
      'satchel_realtime_subscriptions',
      'Topics subscribed to, summed over connected clients.',
      subscriptions,
    ),
  ];
}
