// A data dir is served by one process (group) at a time, an address by one worker group: pid files, taken over when stale.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquirePidLock } from '../core/pid-lock.ts';

const LOCK_FILE = '.satchel.lock';

/** Returns a release function, or the pid of the process already serving `dir`. */
export function acquireServeLock(dir: string): { release: () => void } | { heldBy: number } {
  return acquirePidLock(join(dir, LOCK_FILE));
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
