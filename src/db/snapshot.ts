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

type JobResult = CheckResult & { failed?: boolean };

/**
 * One worker thread running jobs one after another. A backup keeps one for all its jobs: starting a
 * worker stalls the event loop for tens of ms on a busy machine (measured: up to 55 ms on 2 cores).
 */
export class SnapshotWorker {
  private readonly worker = new Worker(WORKER);
  private chain: Promise<unknown> = Promise.resolve();

  run(job: SnapshotJob): Promise<JobResult> {
    const next = this.chain.then(() => this.post(job));
    this.chain = next.catch(() => {});
    return next;
  }

  close(): void {
    this.worker.terminate();
  }

  private post(job: SnapshotJob): Promise<JobResult> {
    const { promise, resolve, reject } = Promise.withResolvers<JobResult>();
    this.worker.onmessage = (event: MessageEvent) => resolve(event.data);
    this.worker.onerror = (event) => reject(new Error(event.message || 'snapshot worker failed'));
    this.worker.postMessage(job);
    return promise;
  }
}

/** One job in a fresh worker: bun:sqlite calls are synchronous, and a backup may take seconds. */
async function runJob(job: SnapshotJob): Promise<JobResult> {
  const worker = new SnapshotWorker();
  try {
    return await worker.run(job);
  } finally {
    worker.close();
  }
}

/**
 * `VACUUM INTO dest` from a connection of the worker's own: a compact, consistent copy of `src` as
 * of one moment, taken while the app keeps writing (WAL readers never block the writer).
 */
export async function snapshotDatabase(
  src: string,
  dest: string,
  worker?: SnapshotWorker,
): Promise<void> {
  const job = { op: 'vacuum', src, dest } as const;
  const result = await (worker ? worker.run(job) : runJob(job));
  if (!result.ok) throw new Error(`snapshot of ${src} failed: ${result.reason}`);
}

/** Opens `path` read-only: integrity_check must say ok and `_collections` must exist. */
export async function checkDataDatabase(path: string): Promise<CheckResult> {
  const result = await runJob({ op: 'check', path });
  return result.ok ? { ok: true } : { ok: false, reason: result.reason };
}

/** A WAL this long is started over (well below journal_size_limit, 200 MB: never truncated). */
const RESTART_WAL_BYTES = 64 << 20;

/** The worker's passive checkpoints of `path`: how long the WAL is then, or null when they failed. */
export async function workerCheckpoint(
  worker: SnapshotWorker,
  path: string,
): Promise<number | null> {
  const result = await worker.run({ op: 'checkpoint', path }).catch((err: Error) => ({
    ok: false as const,
    reason: err.message,
  }));
  if (result.ok) return result.walBytes ?? 0;
  console.error(`checkpoint of ${path} failed: ${result.reason}`);
  return null;
}

/** The writer's own checkpoint (`finish`), after a long WAL or a failure: still right, only longer. */
export async function finishCheckpoint(
  path: string,
  finish: () => Promise<unknown>,
): Promise<void> {
  await finish().catch((err: Error) =>
    console.error(`checkpoint of ${path} failed: ${err.message}`),
  );
}

/**
 * Keeps the WAL of `path` short while a backup runs and the app's writer doesn't auto-checkpoint
 * (its fsync would wait for the backup's dirty pages): every `everyMs` the worker copies the WAL
 * back into the database with passive checkpoints until little is left. Once the WAL is long, and
 * at the end, `finish` (the writer's own checkpoint, in its turn) copies that little tail, so the
 * WAL is fully copied back and the next write starts it over. Without that the WAL grows for as
 * long as writers keep going (a PASSIVE checkpoint beside busy writers never catches the last
 * frame): 250–380 MB in bench/backup.ts, which SQLite then truncated back to journal_size_limit on
 * the writer (measured: 94 ms for 180 MB). `finish` costs the writer a few ms (two fsyncs), so it
 * waits for a long WAL rather than running every time.
 */
export function startCheckpoints(
  worker: SnapshotWorker,
  path: string,
  everyMs: number,
  finish: () => Promise<unknown>,
  restartWalBytes = RESTART_WAL_BYTES,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | null = null;
  const once = async (last: boolean) => {
    const walBytes = await workerCheckpoint(worker, path);
    if (walBytes !== null && !last && walBytes < restartWalBytes) return;
    await finishCheckpoint(path, finish);
  };
  const loop = (async () => {
    for (;;) {
      if (!stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, everyMs);
        });
      }
      // One more after stop(), even when it came during a round: the WAL is left fully copied back.
      const last = stopped;
      await once(last);
      if (last) return;
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
