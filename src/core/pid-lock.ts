// Pid files: one process at a time holds one, and a file whose process is gone is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in `path`; 0 when there is none (or it is being written). */
export function pidInLock(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** The live process other than this one that holds `path`, or 0. */
export function otherLockHolder(path: string): number {
  const pid = pidInLock(path);
  return pid !== 0 && pid !== process.pid && isAlive(pid) ? pid : 0;
}

/** A pid file at `path`, taken over when the process that wrote it is gone. */
export function acquirePidLock(path: string): { release: () => void } | { heldBy: number } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx': fails when the file exists, so two starting processes cannot both win.
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const heldBy = otherLockHolder(path);
      if (heldBy) return { heldBy };
      rmSync(path, { force: true }); // stale: its process died without cleaning up
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
