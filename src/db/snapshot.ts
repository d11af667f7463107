// Consistent copies and checks of SQLite files, run in a worker thread so the writer and the event loop keep going.
import type { CheckResult, SnapshotJob } from './snapshot-worker.ts';

export type { CheckResult } from './snapshot-worker.ts';

/**
 * In a compiled binary the worker is a second entrypoint (scripts/build.ts), found relative to the
 * binary's root (`src/`); bundling gives this module main's `import.meta.url`, so a URL relative to
 * it would miss. Under `bun run`, relative to this file.
 */
const WORKER = import.meta.url.includes('/$bunfs/')
  ? './db/snapshot-worker.ts'
  : new URL('./snapshot-worker.ts', import.meta.url).href;

/** One job in a fresh worker: bun:sqlite calls are synchronous, and a backup may take seconds. */
function runJob(job: SnapshotJob): Promise<CheckResult & { failed?: boolean }> {
  const worker = new Worker(WORKER);
  const { promise, resolve, reject } = Promise.withResolvers<CheckResult & { failed?: boolean }>();
  worker.onmessage = (event: MessageEvent) => resolve(event.data);
  worker.onerror = (event) => reject(new Error(event.message || 'snapshot worker failed'));
  worker.postMessage(job);
  return promise.finally(() => worker.terminate());
}

/**
 * `VACUUM INTO dest` from a connection of the worker's own: a compact, consistent copy of `src` as
 * of one moment, taken while the app keeps writing (WAL readers never block the writer).
 */
export async function snapshotDatabase(src: string, dest: string): Promise<void> {
  const result = await runJob({ op: 'vacuum', src, dest });
  if (!result.ok) throw new Error(`snapshot of ${src} failed: ${result.reason}`);
}

/** Opens `path` read-only: integrity_check must say ok and `_collections` must exist. */
export async function checkDataDatabase(path: string): Promise<CheckResult> {
  const result = await runJob({ op: 'check', path });
  return result.ok ? { ok: true } : { ok: false, reason: result.reason };
}

/** A passive WAL checkpoint of `path` from the worker: the fsync it needs stays off the event loop. */
export async function checkpointDatabase(path: string): Promise<void> {
  const result = await runJob({ op: 'checkpoint', path });
  if (!result.ok) throw new Error(`checkpoint of ${path} failed: ${result.reason}`);
}
