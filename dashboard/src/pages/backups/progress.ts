// The running backup or restore, polled from Satchel's progress endpoint while the page watches it.
import { useEffect, useState } from 'preact/hooks';
import { pb } from '../../pb.ts';

export interface RunningBackup {
  kind: 'backup' | 'restore';
  key: string;
  phase: string;
  done: number;
  total: number;
}

const POLL_MS = 400;

/** Reads the progress once; a failed read (e.g. the app restarting after a restore) → undefined. */
export async function readProgress(): Promise<RunningBackup | null | undefined> {
  try {
    const res = await pb.send<{ running: RunningBackup | null }>('/api/satchel/backups/progress', {
      requestKey: null,
    });
    return res.running;
  } catch {
    return undefined;
  }
}

/**
 * Polls while `watching` (a create, upload or restore this page started) and once on mount (one
 * another tab started). Calls `onIdle` when a job it saw running has ended.
 */
export function useBackupProgress(watching: boolean, onIdle: () => void): RunningBackup | null {
  const [running, setRunning] = useState<RunningBackup | null>(null);
  useEffect(() => {
    let stopped = false;
    let seen = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const now = await readProgress();
      if (stopped) return;
      if (now !== undefined) setRunning(now);
      if (now) seen = true;
      if (now === null && seen) {
        seen = false;
        onIdle();
      }
      // Keep polling while watching or while a job (ours or another's) is still running.
      if (watching || now !== null) timer = setTimeout(tick, POLL_MS);
    };
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [watching]);
  return running;
}

const PHASES: Record<string, string> = {
  snapshot: 'Copying the databases',
  archive: 'Writing the archive',
  store: 'Storing the archive',
  download: 'Fetching the archive',
  extract: 'Extracting',
  check: 'Checking the database',
  swap: 'Swapping the data and restarting',
};

/** `{phase: 'archive', done: 5 MiB, total: 10 MiB}` → `Writing the archive… 5.0 of 10.0 MB (50%)`. */
export function describeProgress(r: RunningBackup): string {
  const label = `${PHASES[r.phase] ?? r.phase}…`;
  if (r.total <= 0) return label;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `${label} ${mb(r.done)} of ${mb(r.total)} MB (${Math.floor((r.done / r.total) * 100)}%)`;
}
