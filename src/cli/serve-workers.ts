// `serve --workers=N`: the supervisor's side of the command, and a worker's app options. Loaded only
// with --workers (cli/worker-env.ts tells serve whether it is needed).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerOptions } from '../app.ts';
import { BACKUP_LOCK_FILE } from '../cluster/join.ts';
import { watchSqliteChanges } from '../cluster/sqlite-changes.ts';
import { SqliteOutboxBus } from '../cluster/sqlite-outbox.ts';
import { superviseWorkers } from '../cluster/supervisor.ts';
import { WorkerLink } from '../cluster/worker-link.ts';
import { TEMP_DIR } from '../core/backups/archive.ts';
import { createLocalCounters } from '../core/counters.ts';
import { createLocalValues } from '../core/expiring-values.ts';
import { openSharedCounters } from '../db/shared-counters.ts';
import { acquireAddressLock, acquireServeLock } from './lock.ts';
import { selfArgv } from './self.ts';
import { type HttpsPlan, httpsBase } from './serve-https.ts';
import type { WorkerEnv } from './worker-env.ts';

/** The workers' shared throttle windows, under `<dataDir>/.satchel_temp`. */
export const COUNTERS_FILE = 'workers-counters.db';

const removeCounters = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
};

/** One file serves both: the counters and the values. */
const sharedState = (file: ReturnType<typeof openSharedCounters>) => ({
  counters: file,
  values: file,
});

/** The app options of a worker: what it shares goes through the supervisor or the shared files. */
export function workerOptions(link: WorkerLink, env: WorkerEnv): WorkerOptions {
  const bus = new SqliteOutboxBus({
    worker: link.index,
    wakeSiblings: (seq) => link.wakeSiblings(seq),
    decideSiblings: (...ask) => link.decideSiblings(...ask),
    onListening: (on) => link.setListening(on),
    othersListening: () => link.othersListening,
    leadership: link,
  });
  link.onWake = (seq) => bus.onSiblingCommit(seq);
  link.onStaging = () => bus.barrier();
  link.onDecide = (key, collectionId, record) => bus.onSiblingDecide(key, collectionId, record);
  return {
    id: link.index,
    leadership: link,
    bus,
    relay: link,
    watchChanges: watchSqliteChanges,
    metrics: link,
    restores: link,
    turnSignals: link.turnSignals,
    skipMigrations: env.replacement,
    ...(env.countersPath
      ? sharedState(openSharedCounters(env.countersPath))
      : { counters: createLocalCounters(), values: createLocalValues() }),
  };
}

export { WorkerLink };

/**
 * The supervisor holds the data dir's lock and the address's, starts the workers (which skip both
 * locks) and prints the banner once they all listen. Linux only: elsewhere SO_REUSEPORT doesn't
 * spread connections over the workers (macOS) or isn't there at all (Windows).
 */
export async function superviseServe(
  dir: string,
  address: { hostname: string; port: number },
  workers: number,
  https: HttpsPlan | null = null,
): Promise<number> {
  if (process.platform !== 'linux') {
    console.error('Error: --workers above 1 needs Linux (SO_REUSEPORT load balancing).');
    return 2;
  }
  // Each worker binds both addresses itself: a port 0 would give each its own.
  if (https && (https.http.port === 0 || https.https.port === 0)) {
    console.error('Error: --workers with HTTPS needs fixed ports for --http and --https (not 0).');
    return 2;
  }
  const lock = acquireServeLock(dir);
  if ('heldBy' in lock) {
    console.error(
      `Error: the data dir "${dir}" is already being served by process ${lock.heldBy}.`,
    );
    return 1;
  }
  let addressLock: { release: () => void } = { release: () => {} };
  const takeAddress = (port: number): boolean => {
    const taken = acquireAddressLock(address.hostname, port);
    if (!('heldBy' in taken)) {
      addressLock = taken;
      return true;
    }
    console.error(
      `Error: ${address.hostname}:${port} is already served by Satchel workers (process ${taken.heldBy}).`,
    );
    return false;
  };
  // A fixed port is claimed before any worker binds it; port 0 once the first worker picked one.
  if (address.port !== 0 && !takeAddress(address.port)) {
    lock.release();
    return 1;
  }
  let httpsLock: { release: () => void } = { release: () => {} };
  if (https) {
    const taken = acquireAddressLock(https.https.hostname, https.https.port);
    if ('heldBy' in taken) {
      console.error(
        `Error: ${https.https.hostname}:${https.https.port} is already served by Satchel workers (process ${taken.heldBy}).`,
      );
      addressLock.release();
      lock.release();
      return 1;
    }
    httpsLock = taken;
  }
  // Inside the data dir's temp dir (never backed up, kept by a restore): a supervisor killed with
  // -9 leaves it there for the next start, which holds the lock and starts it afresh.
  mkdirSync(join(dir, TEMP_DIR), { recursive: true });
  const countersPath = join(dir, TEMP_DIR, COUNTERS_FILE);
  removeCounters(countersPath);
  // A backup lock left by a killed group would name a pid that may live again (a container restart).
  rmSync(join(dir, TEMP_DIR, BACKUP_LOCK_FILE), { force: true });
  try {
    return await superviseWorkers({
      workers,
      argv: selfArgv(),
      countersPath,
      port: address.port,
      onListening(port) {
        if (address.port === 0 && !takeAddress(port)) process.kill(process.pid, 'SIGTERM');
        const host = address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname;
        const base = https
          ? httpsBase(https, https.https.hostname, https.https.port)
          : `http://${host}:${port}`;
        console.log(
          `Server started at ${base}\n├─ REST API:  ${base}/api/\n├─ Dashboard: ${base}/_/\n` +
            `├─ Workers:   ${workers}\n└─ Data dir:  ${dir}`,
        );
      },
    });
  } finally {
    removeCounters(countersPath);
    httpsLock.release();
    addressLock.release();
    lock.release();
  }
}
