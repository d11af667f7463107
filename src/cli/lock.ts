// A data dir is served by one process (group) at a time, an address by one worker group: pid files, taken over when stale.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  return acquirePidLock(join(dir, LOCK_FILE));
}

/** A pid file at `path`, taken over when the process that wrote it is gone. */
export function acquirePidLock(path: string): { release: () => void } | { heldBy: number } {
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

/**
 * The supervisor holds `<tmp>/satchel-<host>-<port>.lock` while its workers listen, so a second
 * Satchel started with `--workers` on the same address refuses to start instead of joining the group
 * (with another data dir, the kernel would split requests between two databases).
 *
 * What this can't guarantee: SO_REUSEPORT lets any process of the same user that also sets it bind
 * the address (Linux refuses other users, and refuses every process that doesn't set it: a
 * `--workers=1` Satchel, like most servers, gets "address in use"). A program of the same user that
 * asks for port sharing itself is not something a lock file can stop.
 */
export function acquireAddressLock(hostname: string, port: number) {
  const safe = hostname.replace(/[^\w.-]/g, '_');
  return acquirePidLock(join(tmpdir(), `satchel-${safe}-${port}.lock`));
}
