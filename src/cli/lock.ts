// A data dir is served by one process at a time: a pid file, taken over when its process is gone.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = '.satchel.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns a release function, or the pid of the process already serving `dir`. */
export function acquireServeLock(dir: string): { release: () => void } | { heldBy: number } {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx': fails when the file exists, so two starting servers cannot both win.
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) return { heldBy: pid };
      rmSync(path, { force: true }); // stale: its server died without cleaning up
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
