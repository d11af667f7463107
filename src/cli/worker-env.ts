// `serve --workers`: the flag, and whether this process is one of a supervisor's workers. Apart from
// cli/serve-workers.ts so a plain `serve` doesn't load the supervisor and the cluster code.
import { availableParallelism } from 'node:os';
import {
  WORKER_COUNTERS_ENV,
  WORKER_ENV,
  WORKER_PORT_ENV,
  WORKER_REPLACEMENT_ENV,
} from '../cluster/worker-link.ts';

/** `--workers=2` → 2, `auto` → the number of cores; anything else is a usage error (a string). */
export function parseWorkers(value: string | undefined): number | string {
  if (value === undefined) return 1;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    return `--workers must be a number from 1 to 256 or "auto" (got "${value}").`;
  }
  return n;
}

export interface WorkerEnv {
  index: number;
  port: number;
  countersPath: string;
  /** Started to replace a dead worker (not with the group). */
  replacement: boolean;
}

/** This process is worker `index` of a supervisor, to listen on `port`; null when it is not. */
export function workerFromEnv(): WorkerEnv | null {
  const index = process.env[WORKER_ENV];
  const port = process.env[WORKER_PORT_ENV];
  const countersPath = process.env[WORKER_COUNTERS_ENV] ?? '';
  const replacement = process.env[WORKER_REPLACEMENT_ENV] === '1';
  if (index === undefined || port === undefined || !process.send) return null;
  delete process.env[WORKER_ENV];
  delete process.env[WORKER_PORT_ENV];
  delete process.env[WORKER_COUNTERS_ENV];
  delete process.env[WORKER_REPLACEMENT_ENV];
  return { index: Number(index), port: Number(port), countersPath, replacement };
}
