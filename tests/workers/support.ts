// What the out-of-process worker tests share: fresh connections (spread by the kernel) and answers from every worker.
import { waitFor } from '../support/wait.ts';

/** A request on a fresh connection: the kernel spreads new connections over the workers. */
export function fresh(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('connection', 'close');
  return fetch(url, { ...init, headers });
}

/** The worker pids: the supervisor's children. */
export function workerPids(supervisor: number): number[] {
  const out = Bun.spawnSync(['pgrep', '-P', String(supervisor)]).stdout.toString();
  return out.split('\n').filter(Boolean).map(Number);
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Repeats `request` on fresh connections until workers 0 and 1 both gave an answer `accept` takes;
 * returns the accepted answers by worker.
 */
export async function fromEveryWorker<T>(
  what: string,
  request: () => Promise<Response>,
  read: (res: Response) => Promise<T>,
  accept: (value: T) => boolean = () => true,
  timeout = 10_000,
): Promise<Map<string, T>> {
  const seen = new Map<string, T>();
  await waitFor(
    what,
    async () => {
      const res = await request();
      const value = await read(res);
      const worker = res.headers.get('x-satchel-worker') ?? '?';
      if (accept(value)) seen.set(worker, value);
      return seen.has('0') && seen.has('1');
    },
    { timeout },
  );
  return seen;
}
